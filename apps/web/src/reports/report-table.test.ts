import { describe, expect, it } from 'vitest';
import { numberCell, tableCsv, textCell } from './report-table.ts';

describe('tableCsv', () => {
  it("writes the server's values under the file's column names, not the text the table shows", () => {
    const csv = tableCsv({
      caption: 'Time per task',
      columns: [
        { label: 'Task', csv: 'task' },
        { label: 'Time spent', csv: 'time spent (seconds)' },
        { label: 'Remaining', csv: 'remaining' },
      ],
      rows: [
        [textCell('WEB-1'), { text: '1h 30m', value: 5400 }, numberCell(null)],
        [textCell('Fix "it", now'), { text: '2h', value: 7200 }, numberCell(2.5)],
      ],
    });
    expect(csv).toBe('task,time spent (seconds),remaining\r\nWEB-1,5400,\r\n"Fix ""it"", now",7200,2.5\r\n');
  });

  it('shows a missing number as a dash and a number as sent', () => {
    expect(numberCell(null)).toEqual({ text: '—', value: null });
    expect(numberCell(0.1)).toEqual({ text: '0.1', value: 0.1 });
  });
});
