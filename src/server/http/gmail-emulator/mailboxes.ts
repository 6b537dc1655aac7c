import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { normaliseAddress } from '../../../contract/addresses';
import type { GmailMailbox, GmailMessage } from '../../../contract/web';

type Entry = { id: string; folder: 'inbox' | 'sent'; opened: boolean; at: number };
/** A mailbox as kept on disk; whether the add-on is installed there is the CRM's to say, at each request. */
type StoredMailbox = Omit<GmailMailbox, 'addon'>;

/**
 * The emulated Gmail's mailboxes, as files under `<data dir>/gmail/`: one folder per address with the raw messages
 * (`<id>.eml`) and an index of folders and read state. A message's id is the one the emulator's GmailApp gives the
 * same source (the first 16 hex digits of its SHA-256), so the add-on and this page name messages alike.
 */
export class Mailboxes {
  private readonly parsed = new Map<string, Promise<ParsedMail>>();

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  static messageId(raw: Buffer): string {
    return createHash('sha256').update(raw).digest('hex').slice(0, 16);
  }

  list(): StoredMailbox[] {
    const file = join(this.root, 'mailboxes.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredMailbox[]) : [];
  }

  has(address: string): boolean {
    const a = normaliseAddress(address);
    return this.list().some((m) => m.address === a);
  }

  ensure(address: string, name: string): void {
    const a = normaliseAddress(address);
    const all = this.list();
    if (all.some((m) => m.address === a)) return;
    mkdirSync(this.dir(a), { recursive: true });
    writeAtomic(join(this.root, 'mailboxes.json'), JSON.stringify([...all, { address: a, name }], null, 2));
  }

  /** Files a raw message in a folder; the same message filed twice stays one. Returns its id. */
  file(address: string, folder: Entry['folder'], raw: Buffer, at = Date.now()): string {
    const a = normaliseAddress(address);
    const id = Mailboxes.messageId(raw);
    const entries = this.entries(a);
    if (!entries.some((e) => e.id === id)) {
      writeAtomic(join(this.dir(a), `${id}.eml`), raw);
      this.writeEntries(a, [...entries, { id, folder, opened: folder === 'sent', at }]);
    }
    return id;
  }

  raw(address: string, id: string): Buffer | undefined {
    if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
    const a = normaliseAddress(address);
    if (!this.entries(a).some((e) => e.id === id)) return undefined;
    return readFileSync(join(this.dir(a), `${id}.eml`));
  }

  /** Every raw message of a mailbox, for the add-on's GmailApp. */
  allRaw(address: string): Buffer[] {
    const a = normaliseAddress(address);
    return this.entries(a).map((e) => readFileSync(join(this.dir(a), `${e.id}.eml`)));
  }

  markOpened(address: string, id: string): void {
    const a = normaliseAddress(address);
    this.writeEntries(
      a,
      this.entries(a).map((e) => (e.id === id ? { ...e, opened: true } : e)),
    );
  }

  async parse(address: string, id: string): Promise<ParsedMail | undefined> {
    const raw = this.raw(address, id);
    if (!raw) return undefined;
    let parsed = this.parsed.get(id);
    if (!parsed) this.parsed.set(id, (parsed = simpleParser(raw, { skipImageLinks: true })));
    return parsed;
  }

  async folder(address: string, folder: Entry['folder']): Promise<GmailMessage[]> {
    const a = normaliseAddress(address);
    const entries = this.entries(a)
      .filter((e) => e.folder === folder)
      .sort((x, y) => y.at - x.at);
    const messages: GmailMessage[] = [];
    for (const e of entries) {
      const parsed = await this.parse(a, e.id);
      if (parsed) messages.push(view(e, parsed));
    }
    return messages;
  }

  async message(address: string, id: string): Promise<{ message: GmailMessage; parsed: ParsedMail } | undefined> {
    const a = normaliseAddress(address);
    const entry = this.entries(a).find((e) => e.id === id);
    const parsed = entry && (await this.parse(a, id));
    return entry && parsed ? { message: view(entry, parsed), parsed } : undefined;
  }

  private dir(address: string): string {
    // Addresses are validated before they get here; the folder name keeps only safe characters anyway.
    return join(this.root, address.replace(/[^a-z0-9@._+-]/g, '_'));
  }

  private entries(address: string): Entry[] {
    const file = join(this.dir(address), 'index.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Entry[]) : [];
  }

  private writeEntries(address: string, entries: Entry[]): void {
    mkdirSync(this.dir(address), { recursive: true });
    writeAtomic(join(this.dir(address), 'index.json'), JSON.stringify(entries));
  }
}

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.name ? `${v.name} <${v.address ?? ''}>` : (v.address ?? ''))));
}

function view(e: Entry, parsed: ParsedMail): GmailMessage {
  const text = (parsed.text ?? '').replace(/\s+/g, ' ').trim();
  return {
    id: e.id,
    folder: e.folder,
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    bcc: addresses(parsed.bcc),
    subject: parsed.subject ?? '',
    date: (parsed.date ?? new Date(e.at)).toISOString(),
    snippet: text.length > 120 ? `${text.slice(0, 120)}…` : text,
    opened: e.opened,
  };
}
