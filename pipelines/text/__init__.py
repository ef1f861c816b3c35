"""Text-scanning helpers shared by ingestion and extraction (neither depends on the other)."""
