// Utilities.formatDate: Java SimpleDateFormat patterns (the common letters) rendered in a time zone.

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Fields = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  offsetMin: number;
  zoneName: string;
};

/** "GMT+2", "GMT-05:30", "UTC" and IANA names such as "Europe/Paris". Undefined for a zone that does not exist. */
export function fieldsIn(ms: number, timeZone: string): Fields | undefined {
  const fixed = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(timeZone);
  if (fixed) {
    const offsetMin = fixed[1] ? (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) : 0;
    const d = new Date(ms + offsetMin * 60_000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth(),
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
      offsetMin,
      zoneName: offsetMin ? `GMT${gmt(offsetMin)}` : timeZone.toUpperCase(),
    };
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    }).formatToParts(new Date(ms));
  } catch {
    return undefined;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const f = {
    year: get('year'),
    month: get('month') - 1,
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
  const asUtc = Date.UTC(f.year, f.month, f.day, f.hour, f.minute, f.second);
  const offsetMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  return {
    ...f,
    weekday: new Date(asUtc).getUTCDay(),
    offsetMin,
    zoneName: parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone,
  };
}

function gmt(offsetMin: number, colon = true): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function field(letter: string, count: number, f: Fields, ms: number): string {
  switch (letter) {
    case 'y':
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case 'M':
      return count >= 4 ? MONTHS[f.month] : count === 3 ? MONTHS[f.month].slice(0, 3) : pad(f.month + 1, count);
    case 'd':
      return pad(f.day, count);
    case 'E':
      return count >= 4 ? DAYS[f.weekday] : DAYS[f.weekday].slice(0, 3);
    case 'H':
      return pad(f.hour, count);
    case 'h':
      return pad(f.hour % 12 || 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(((ms % 1000) + 1000) % 1000, 3).slice(0, Math.max(count, 3));
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'z':
      return f.zoneName;
    case 'Z':
      return gmt(f.offsetMin, false);
    case 'X':
      return f.offsetMin === 0 ? 'Z' : count === 1 ? gmt(f.offsetMin, false).slice(0, 3) : gmt(f.offsetMin, count >= 3);
    default:
      return letter.repeat(count);
  }
}

export function formatDate(ms: number, timeZone: string, pattern: string): string | undefined {
  const f = fieldsIn(ms, timeZone);
  if (!f) return undefined;
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (pattern[i + n] === ch) n++;
      out += field(ch, n, f, ms);
      i += n;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
