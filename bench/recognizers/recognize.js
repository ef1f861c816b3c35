// Baseline: Microsoft Recognizers-Text Chinese number + percentage + currency models over the same clean text.
// Usage: node recognize.js TEXTS.jsonl  (one JSON string per line) → prints one JSON line with timings.
"use strict";
const fs = require("fs");
const { NumberRecognizer, Culture } = require("@microsoft/recognizers-text-number");
const { NumberWithUnitRecognizer } = require("@microsoft/recognizers-text-number-with-unit");

const texts = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const numbers = new NumberRecognizer(Culture.Chinese);
const units = new NumberWithUnitRecognizer(Culture.Chinese);
const models = [numbers.getNumberModel(), numbers.getPercentageModel(), units.getCurrencyModel()];
// warm-up: compile the models' regexes outside the timing
for (const m of models) m.parse("全市家庭医生签约率达到百分之四十五，投入资金五百万元。");

const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
let entities = 0;
const t0 = process.hrtime.bigint();
for (const text of texts) {
  // paragraph by paragraph, as the models expect utterance-sized input
  for (const para of text.split("\n")) {
    if (!para.trim()) continue;
    for (const m of models) entities += m.parse(para).length;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ tool: "recognizers-text 1.3.1 (zh-cn number+percentage+currency)", bytes, seconds,
  mb_per_s: bytes / 1e6 / seconds, entities }));
