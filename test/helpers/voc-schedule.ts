// Checks schedule.xml and schedule.json against the schemas published in the voc/schedule repository (vendored in
// test/fixtures/voc-schedule, see its README), as conference apps' importers expect them.
// Example: expect(await scheduleXmlErrors(body)).toEqual([]);
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { validateXML } from 'xmllint-wasm';

const FIXTURES = new URL('../fixtures/voc-schedule/', import.meta.url);
const xsd = readFileSync(new URL('schedule-without-person.xml.xsd', FIXTURES), 'utf8');

export async function scheduleXmlErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'schedule.xml', contents: xml }, schema: { fileName: 'schedule.xsd', contents: xsd } });
  return result.errors.map((e) => e.rawMessage);
}

// The published schema.json carries two `// TODO` comment lines, which JSON does not allow; they are dropped here.
const jsonSchema = JSON.parse(readFileSync(new URL('schema.json', FIXTURES), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as object;
// strict: false because the schema uses annotations ajv does not know ($oneOf, deprecated); 'color' is its own format.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats.default(ajv);
ajv.addFormat('color', /^#[0-9a-fA-F]{3,8}$/);
const validate = ajv.compile(jsonSchema);

export function scheduleJsonErrors(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
