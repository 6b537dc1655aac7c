// `mailtrail addon …`: runs the built add-on in the emulator and prints the JSON Gmail would render.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AddonRuntime, DEFAULT_USER, type Recipients } from './driver';
import type { FormValue } from './events';
import { Mailbox } from './gmail/mailbox';

export const usage = `usage: mailtrail addon <homepage|compose|message|settings|action> [options]

  homepage                     the home card
  compose  [--to A --cc B …]   the compose card for a draft with these recipients
  message  --message FILE.eml  the card beside that message
  settings                     the Settings universal action
  action   --function NAME [--param k=v …] [--form k=v …]
                               a card action; with --to/--cc/--bcc it runs in a draft, with --message beside a message

options:
  --backend URL     the backend the add-on calls (script property MAILTRAIL_BACKEND_URL); default: the bundle's
  --user EMAIL      the Gmail user (default ${DEFAULT_USER})
  --locale TAG      the user's locale, e.g. fr-FR (default en)
  --timezone ZONE   the user's time zone (default Etc/UTC)
  --to, --cc, --bcc ADDRESS   draft recipients; repeat the option or separate with commas
  --state FILE      keep script and user properties in this JSON file between runs
  --bundle FILE     the add-on bundle (default addon/Code.js; its appsscript.json beside it)
  --verbose         print the add-on's log and its UrlFetchApp calls on stderr
`;

function pairs(values: string[] | undefined, option: string): [string, string][] {
  return (values ?? []).map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`${option} takes name=value, got "${v}"`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

function addresses(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      user: { type: 'string' },
      locale: { type: 'string' },
      timezone: { type: 'string' },
      to: { type: 'string', multiple: true },
      cc: { type: 'string', multiple: true },
      bcc: { type: 'string', multiple: true },
      message: { type: 'string' },
      function: { type: 'string' },
      param: { type: 'string', multiple: true },
      form: { type: 'string', multiple: true },
      state: { type: 'string' },
      bundle: { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  const [what] = positionals;
  if (!what) {
    process.stderr.write(`mailtrail addon: say which entry point to run\n\n${usage}`);
    return 2;
  }

  const mailbox = new Mailbox();
  let messageId: string | undefined;
  if (values.message) {
    let raw: Buffer;
    try {
      raw = readFileSync(values.message);
    } catch (err) {
      throw new Error(`cannot read the message ${values.message} (${(err as Error).message})`, { cause: err });
    }
    messageId = (await mailbox.add(raw)).messageId;
  }
  const hasDraft = values.to || values.cc || values.bcc;
  const draft: Recipients = { to: addresses(values.to), cc: addresses(values.cc), bcc: addresses(values.bcc) };

  const rt = new AddonRuntime({
    bundlePath: values.bundle,
    backendUrl: values.backend,
    user: values.user,
    locale: values.locale,
    timeZone: values.timezone,
    mailbox,
    stateFile: values.state,
  });

  let response: unknown;
  try {
    switch (what) {
      case 'homepage':
        response = rt.homepage();
        break;
      case 'compose':
        response = rt.compose(draft);
        break;
      case 'message':
        if (!messageId) throw new Error('the message trigger needs --message FILE.eml, the message the user opened');
        response = rt.message(messageId);
        break;
      case 'settings':
        response = rt.universal('Settings');
        break;
      case 'action': {
        if (!values.function) throw new Error("an action needs --function NAME, the function the card's Action names");
        const formInputs: Record<string, FormValue> = {};
        for (const [name, value] of pairs(values.form, '--form')) {
          const seen = formInputs[name];
          formInputs[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
        }
        response = rt.action(values.function, {
          parameters: Object.fromEntries(pairs(values.param, '--param')),
          formInputs,
          messageId,
          draft: !messageId && hasDraft ? draft : undefined,
        });
        break;
      }
      default:
        process.stderr.write(`mailtrail addon: unknown add-on entry point "${what}"\n\n${usage}`);
        return 2;
    }
  } finally {
    if (values.verbose) {
      for (const line of rt.logs) process.stderr.write(`[${line.level}] ${line.message}\n`);
      for (const f of rt.fetches)
        process.stderr.write(`[fetch] ${f.method} ${f.url} → ${f.status ?? f.error} (${f.ms} ms)\n`);
    }
  }
  process.stdout.write(JSON.stringify(response, null, 2) + '\n');
  // The add-on logs what it turned into an error card or notice (console.error): the card above shows it as Gmail
  // would, and the exit code says it to scripts.
  const failure = rt.logs.find((l) => l.level === 'error');
  if (failure) {
    process.stderr.write(`mailtrail addon: the add-on reported an error: ${failure.message.split('\n')[0]}\n`);
    return 1;
  }
  return 0;
}
