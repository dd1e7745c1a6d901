import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks, and doubles their quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('writes numbers as they are and null as an empty field', () => {
    expect(csvField(0)).toBe('0');
    expect(csvField(2.75)).toBe('2.75');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('joins fields with commas and rows with CRLF, header first, ending with a line break', () => {
    const text = toCsv(
      ['task', 'title', 'days'],
      [
        ['WEB-1', 'Fix "login", then ship', 1.5],
        ['WEB-2', 'Two\nlines', null],
      ],
    );
    expect(text).toBe('task,title,days\r\nWEB-1,"Fix ""login"", then ship",1.5\r\nWEB-2,"Two\nlines",\r\n');
  });
});

describe('csvFileName', () => {
  it('keeps letters and digits and joins the rest with dashes', () => {
    expect(csvFileName('burndown', 'Sprint 1/2')).toBe('burndown-sprint-1-2.csv');
    expect(csvFileName('cfd', '2026-11-01', '2026-11-30')).toBe('cfd-2026-11-01-2026-11-30.csv');
    expect(csvFileName('', '')).toBe('report.csv');
  });
});
