/** IANA zones as the browser knows them; a short fallback for engines without supportedValuesOf. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const FALLBACK = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
];

let cached: string[] | null = null;

export function timeZones(): string[] {
  if (!cached) {
    const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
    const zones = intl.supportedValuesOf?.('timeZone') ?? FALLBACK;
    cached = zones.includes('UTC') ? zones : ['UTC', ...zones];
  }
  return cached;
}
