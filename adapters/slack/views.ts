// The subscription form as a Slack modal (views.open): one input block per field of the core's
// neutral form, the zone an external_select served from our options endpoint, and the way back:
// a submitted view's state read into the core's FormValues, field errors keyed by block.
import type { types } from '@slack/bolt';
import type { Choice, FieldId, FormField, FormValues, SubscriptionForm } from '../../src/index.ts';
import { escapeText, truncate } from './mrkdwn.ts';

export const FORM_CALLBACK_ID = 'dateline_subscribe';
/** The zone select's action id: block_suggestion requests for it are answered from the core's zone search. */
export const ZONE_ACTION_ID = 'zone';
/** Block Kit's limits on a view, an option list and a plain-text option. */
export const VIEW_BLOCKS_MAX = 100;
const OPTIONS_MAX = 100;
const OPTION_TEXT_MAX = 75;
const MODAL_TITLE_MAX = 24;

/** Which channel a form subscribes, kept in the view's private_metadata (Slack holds it; the person cannot edit it). */
export interface FormTarget {
  team: string;
  channel: string;
  /** Opened from the Home tab, which is published again after a submission. */
  home?: boolean;
}

type InputElement = types.InputBlock['element'];

const plain = (text: string, max = 3000): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max) });
const option = (choice: Choice): types.PlainTextOption => ({ text: plain(choice.label, OPTION_TEXT_MAX), value: choice.value });
const zoneOption = (zone: string): types.PlainTextOption => option({ value: zone, label: zone });

function element(field: FormField): InputElement {
  switch (field.kind) {
    case 'choice': {
      const selected = field.choices.find((choice) => choice.value === field.value);
      return {
        type: 'static_select',
        action_id: field.id,
        options: field.choices.slice(0, OPTIONS_MAX).map(option),
        ...(selected ? { initial_option: option(selected) } : {}),
      };
    }
    case 'multi-choice': {
      const selected = field.choices.filter((choice) => field.value.includes(choice.value)).map(option);
      return {
        type: 'checkboxes',
        action_id: field.id,
        options: field.choices.map(option),
        ...(selected.length > 0 ? { initial_options: selected } : {}),
      };
    }
    case 'time':
      return { type: 'timepicker', action_id: field.id, initial_time: field.value };
    case 'zone':
      return {
        type: 'external_select',
        action_id: ZONE_ACTION_ID,
        min_query_length: 2,
        initial_option: zoneOption(field.value),
        placeholder: plain('Type a city or region'),
      };
    case 'toggle': {
      const only = option({ value: 'on', label: field.text });
      return { type: 'checkboxes', action_id: field.id, options: [only], ...(field.value ? { initial_options: [only] } : {}) };
    }
  }
}

function inputBlock(field: FormField): types.InputBlock {
  // A multi-choice or toggle left empty is an answer ("no days", "not quiet"), not a missing one.
  const optional = field.kind === 'multi-choice' || field.kind === 'toggle';
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, 2000),
    element: element(field),
    optional,
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
  };
}

export function subscriptionModal(form: SubscriptionForm, target: FormTarget): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(target),
    title: plain(form.title, MODAL_TITLE_MAX),
    submit: plain(form.submitLabel, MODAL_TITLE_MAX),
    close: plain('Cancel', MODAL_TITLE_MAX),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${escapeText(form.intro)} Channel: <#${target.channel}>.`, verbatim: true } },
      ...form.fields.map(inputBlock),
    ],
  };
}

/** A modal that only says something (the confirmation after a submission, a preview). */
export function messageModal(title: string, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, MODAL_TITLE_MAX),
    close: plain('Close', MODAL_TITLE_MAX),
    blocks: blocks.slice(0, VIEW_BLOCKS_MAX),
  };
}

/** The view_submission state of one block, as Slack sends it. */
interface StateValue {
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_time?: string | null;
  value?: string | null;
}

/** The submitted modal's values, as the core's form reads them. */
export function formValues(state: Record<string, Record<string, StateValue>>): FormValues {
  const one = (block: FieldId, action: string = block) => state[block]?.[action];
  const values: FormValues = {};
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K] | null | undefined) => {
    if (value !== undefined && value !== null) values[key] = value;
  };
  set('cadence', one('cadence')?.selected_option?.value);
  set('time', one('time')?.selected_time);
  set('zone', one('zone', ZONE_ACTION_ID)?.selected_option?.value);
  set('days', one('days')?.selected_option?.value);
  set(
    'chosenDays',
    one('chosenDays')?.selected_options?.map((selected) => selected.value),
  );
  set('weekday', one('weekday')?.selected_option?.value);
  set('theme', one('theme')?.selected_option?.value);
  values.quiet = (one('quiet')?.selected_options ?? []).some((selected) => selected.value === 'on');
  return values;
}

/** The channel a submitted form is for, or undefined when the metadata is not ours. */
export function formTarget(privateMetadata: string | undefined): FormTarget | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as Partial<FormTarget>;
    if (typeof parsed.team !== 'string' || typeof parsed.channel !== 'string') return undefined;
    return { team: parsed.team, channel: parsed.channel, ...(parsed.home === true ? { home: true } : {}) };
  } catch {
    return undefined;
  }
}

/** Zones as an options response for an external_select. */
export function zoneOptions(zones: string[]): { options: types.PlainTextOption[] } {
  return { options: zones.slice(0, OPTIONS_MAX).map(zoneOption) };
}
