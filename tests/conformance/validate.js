// Validates the conformance corpus with ajv, draft 2020-12, with ajv-formats.
//
// Usage: NODE_PATH=.../node_modules node validate.js JOB.json
//
// JOB.json holds {"schemas": {NAME: PATH}, "documents": [{"id", "schema", "document"}]}.
// Each schema file is compiled alone, as a tool that has only that file would. Prints
// {"tool", "verdicts": {ID: {"valid", "errors"}}} as JSON on stdout.
'use strict';

const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// Strict mode stays on: an unknown keyword or format fails compilation. The schemas' own
// annotation keywords are declared instead. strictTypes is off: it is ajv's own lint that
// wants a `type` beside every `pattern` in an if/then branch, which the specification
// does not ask for.
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  allowUnionTypes: true,
});
ajv.addVocabulary(['x-enum-descriptions', 'x-capabilities', 'x-rust-fields']);
addFormats(ajv);

const validators = {};
for (const [name, path] of Object.entries(job.schemas)) {
  validators[name] = ajv.compile(JSON.parse(fs.readFileSync(path, 'utf8')));
}

const verdicts = {};
for (const doc of job.documents) {
  const validate = validators[doc.schema];
  const valid = validate(doc.document);
  const errors = (validate.errors || []).map((e) => `${e.instancePath}: ${e.message}`);
  verdicts[doc.id] = { valid, errors: errors.sort() };
}
const version = require('ajv/package.json').version;
process.stdout.write(JSON.stringify({ tool: `ajv ${version}`, verdicts }));
