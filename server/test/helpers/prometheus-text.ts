/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * must be a HELP or TYPE comment, another comment, or a well-formed sample of a family whose TYPE
 * came first; a histogram's buckets must be cumulative and end at `+Inf` equal to its `_count`.
 * Anything else throws, naming the line. Written here rather than trusting the library that wrote
 * the text to read it back.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: MetricType; help: string | undefined; samples: Sample[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export class PrometheusText {
  readonly families = new Map<string, Family>();

  constructor(text: string) {
    const lines = text.split('\n');
    if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline');
    lines.pop();
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const where = `line ${i + 1}: ${JSON.stringify(line)}`;
      if (line === '') return; // empty lines separate families; the format ignores them
      if (line.startsWith('#')) {
        this.#comment(line, where);
        return;
      }
      const sample = parseSample(line, where);
      const family = this.#familyOf(sample.name);
      if (!family) throw new Error(`${where}: a sample before its family's TYPE`);
      const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
      if (seen.has(key)) throw new Error(`${where}: the same series twice`);
      seen.add(key);
      family.samples.push(sample);
    });
    for (const family of this.families.values()) if (family.type === 'histogram') checkHistogram(family);
  }

  /** The sum of the samples named `name` whose labels include every one given (0 when none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, s) => sum + s.value, 0);
  }

  samples(name: string, labels: Record<string, string> = {}): Sample[] {
    const family = this.#familyOf(name);
    if (!family) throw new Error(`no metric ${name}`);
    return family.samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  }

  #comment(line: string, where: string): void {
    const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (!m) return; // any other comment is allowed
    const [, kind, name = '', rest = ''] = m;
    if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
    const family = this.families.get(name);
    if (kind === 'TYPE') {
      if (!TYPES.has(rest as MetricType)) throw new Error(`${where}: unknown type`);
      if (family?.samples.length) throw new Error(`${where}: TYPE after samples`);
      if (family && family.type !== 'untyped') throw new Error(`${where}: a second TYPE`);
      this.families.set(name, { name, type: rest as MetricType, help: family?.help, samples: [] });
    } else {
      if (family?.help !== undefined) throw new Error(`${where}: a second HELP`);
      if (rest.replace(/\\[\\n]/g, '').includes('\\')) throw new Error(`${where}: bad escape in HELP`);
      if (family) family.help = rest;
      else this.families.set(name, { name, type: 'untyped', help: rest, samples: [] });
    }
  }

  #familyOf(sampleName: string): Family | undefined {
    for (const [name, family] of this.families)
      for (const suffix of SUFFIXES[family.type]) if (sampleName === name + suffix) return family;
    return undefined;
  }
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: (-?\d+))?$/.exec(line);
  if (!m) throw new Error(`${where}: not a sample`);
  const [, name = '', braces, raw = ''] = m;
  return {
    name,
    labels: braces ? parseLabels(braces.slice(1, -1), where) : {},
    value: parseValue(raw, where),
  };
}

function parseLabels(body: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = body;
  while (rest !== '') {
    const m = /^([^=]+)="((?:[^"\\\n]|\\["\\n])*)"(,?)/.exec(rest);
    if (!m) throw new Error(`${where}: bad label list`);
    const [all, key = '', value = '', comma] = m;
    if (!LABEL_NAME.test(key) || key.startsWith('__')) throw new Error(`${where}: bad label name ${key}`);
    if (key in labels) throw new Error(`${where}: label ${key} twice`);
    labels[key] = value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(all.length);
    if (!comma && rest !== '') throw new Error(`${where}: labels not separated by a comma`);
  }
  return labels;
}

/** As Prometheus reads it (Go's strconv.ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(raw: string, where: string): number {
  if (/^[+]?inf(inity)?$/i.test(raw)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(raw)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(raw)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`${where}: bad value`);
  return Number(raw);
}

/** Per label set: buckets rise with `le`, never fall, and the `+Inf` bucket is the `_count`. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
  for (const s of family.samples) {
    const entry = series.get(keyOf(s.labels)) ?? { buckets: [] };
    series.set(keyOf(s.labels), entry);
    if (s.name.endsWith('_bucket')) {
      const le = s.labels.le;
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, family.name), s.value]);
    } else if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    const where = `${family.name}${key}`;
    for (let i = 1; i < buckets.length; i++) {
      const [prevLe, prev] = buckets[i - 1] as [number, number];
      const [le, n] = buckets[i] as [number, number];
      if (!(le > prevLe) || n < prev) throw new Error(`${where}: buckets not cumulative`);
    }
    const last = buckets.at(-1);
    if (!last || last[0] !== Number.POSITIVE_INFINITY || last[1] !== count)
      throw new Error(`${where}: the +Inf bucket must equal _count`);
  }
}
