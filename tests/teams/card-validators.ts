// The platforms' own checks of an Adaptive Card: the `adaptivecards` library (the renderer's
// parser, loaded from its dist bundle, which runs in Node without a DOM) must parse it with no
// serialization or validation events, and it must validate against the published Adaptive Card
// 1.5 JSON schema (vendored in tests/fixtures/schemas, see its README) with ajv. Returns the
// problems found, none for a valid card.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

interface SerializationContext {
  eventCount: number;
  getEventAt(index: number): { message: string };
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: SerializationContext): void;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => SerializationContext;
}

// Its package entry needs a browser; the UMD bundle does not.
const adaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

const schemaText = readFileSync(new URL('../fixtures/schemas/adaptive-card-1.5.schema.json', import.meta.url), 'utf8');
// The published file names itself with draft-04's `id`, which ajv 8 reads only as `$id`.
const { id: schemaId, ...schema } = JSON.parse(schemaText) as { id: string } & Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its function is the default export's default.
(addFormatsModule as unknown as { default: (ajv: Ajv) => void }).default(ajv);
ajv.addMetaSchema(draft06);
const validateSchema = ajv.compile({ $id: schemaId, ...schema });

/**
 * Teams' documented host extensions, which the published 1.5 schema file does not list: `msteams`
 * on the card (full width), and Teams' dynamic typeahead on an Input.ChoiceSet: `choices.data` (a
 * Data.Query) with `style: "filtered"`. Removed before the schema check only, and the typeahead's
 * style only where the typeahead is; the library checks the card as sent.
 */
function withoutHostExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHostExtensions);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const typeahead = record['choices.data'] !== undefined;
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key !== 'msteams' && key !== 'choices.data' && !(typeahead && key === 'style' && record.style === 'filtered'))
      .map(([key, entry]) => [key, withoutHostExtensions(entry)]),
  );
}

export function publishedCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const context = new adaptiveCards.SerializationContext();
  const parsed = new adaptiveCards.AdaptiveCard();
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index++) problems.push(`adaptivecards: ${context.getEventAt(index).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`adaptivecards: ${event.message}`);
  if (!validateSchema(withoutHostExtensions(card))) {
    problems.push(...(validateSchema.errors ?? []).map((error) => `schema 1.5: ${error.instancePath || '/'} ${error.message ?? ''}`));
  }
  return problems;
}
