// The subscription form as an Adaptive Card (1.5): one input per field of the core's neutral
// form, the zone a filtered Input.ChoiceSet whose typeahead is served by our `application/search`
// invoke, and one Action.Execute (Universal Actions) whose `adaptiveCard/action` invoke answers
// with the card that replaces it: the confirmation, or the form again with each error under its field.
import type { FieldId, FormField, FormValues, SubscriptionForm } from '../../src/index.ts';
import { ADAPTIVE_CARD_VERSION } from './render.ts';

export const SUBSCRIBE_VERB = 'dateline.subscribe';
/** The dataset the zone input's typeahead asks for (an `application/search` invoke). */
export const ZONE_DATASET = 'dateline.zones';

type Element = Record<string, unknown>;

export interface FormCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: Element[];
  actions: Element[];
  fallbackText: string;
  msteams: { width: 'Full' };
}

const text = (value: string, style: Element = {}): Element => ({
  type: 'RichTextBlock',
  inlines: [{ type: 'TextRun', text: value, ...style }],
});

function input(field: FormField): Element {
  const common = { id: field.id, label: field.label };
  // Teams checks required inputs before sending, and shows the message beside the field.
  const required = { isRequired: true, errorMessage: field.kind === 'time' ? 'Give a time.' : `${field.label}: choose one.` };
  switch (field.kind) {
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'compact',
        ...required,
        value: field.value,
        choices: field.choices.map((choice) => ({ title: choice.label, value: choice.value })),
      };
    case 'multi-choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'expanded',
        isMultiSelect: true,
        value: field.value.join(','),
        choices: field.choices.map((choice) => ({ title: choice.label, value: choice.value })),
      };
    case 'time':
      return { type: 'Input.Time', ...common, ...required, value: field.value };
    case 'zone':
      // The current zone as the one static choice; typing looks up every other IANA zone.
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'filtered',
        ...required,
        value: field.value,
        choices: [{ title: field.value, value: field.value }],
        'choices.data': { type: 'Data.Query', dataset: ZONE_DATASET },
      };
    case 'toggle':
      return { type: 'Input.Toggle', ...common, title: field.text, value: String(field.value), valueOn: 'true', valueOff: 'false' };
  }
}

/** The field as the person left it, so that a form shown again with errors keeps their answers. */
function withSubmitted(field: FormField, values: FormValues | undefined): FormField {
  const submitted = values?.[field.id];
  if (submitted === undefined) return field;
  switch (field.kind) {
    case 'multi-choice':
      return Array.isArray(submitted) ? { ...field, value: submitted } : field;
    case 'toggle':
      return typeof submitted === 'boolean' ? { ...field, value: submitted } : field;
    default:
      return typeof submitted === 'string' ? { ...field, value: submitted } : field;
  }
}

export function formCard(form: SubscriptionForm, errors: Partial<Record<FieldId, string>> = {}, values?: FormValues): FormCard {
  const body: Element[] = [text(form.title, { weight: 'Bolder', size: 'Large' }), text(form.intro, { isSubtle: true })];
  for (const field of form.fields) {
    body.push(input(withSubmitted(field, values)));
    const error = errors[field.id];
    if (error) body.push(text(error, { color: 'Attention' }));
  }
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    actions: [{ type: 'Action.Execute', title: form.submitLabel, verb: SUBSCRIBE_VERB, data: {} }],
    fallbackText: `${form.title}: type subscribe daily 09:00, or subscribe weekly mon 09:00.`,
    msteams: { width: 'Full' },
  };
}

/** An Action.Execute's data (inputs merged in, all text) as the core's form reads it. */
export function formValuesOf(data: Record<string, unknown>): FormValues {
  const string = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const values: FormValues = {};
  for (const key of ['cadence', 'time', 'zone', 'days', 'weekday', 'theme'] as const) {
    const value = string(key);
    if (value !== undefined) values[key] = value;
  }
  const chosen = string('chosenDays');
  values.chosenDays = chosen ? chosen.split(',').filter(Boolean) : [];
  values.quiet = string('quiet') === 'true';
  return values;
}
