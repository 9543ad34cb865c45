// Prints a YAML file as JSON, so the CI recipe test reads the workflow
// files as GitHub and GitLab parse them: `node yaml-to-json.mjs FILE`.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const text = readFileSync(process.argv[2], "utf8");
process.stdout.write(JSON.stringify(parse(text, { strict: true, uniqueKeys: true })));
