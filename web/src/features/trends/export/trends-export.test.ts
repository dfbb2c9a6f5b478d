import { describe, expect, it } from 'vitest';
import { csvField, exportFileName, exportRows, toCsv, toJson, type ExportContext } from './trends-export';

const context: ExportContext = { window: '5m', asOf: '2026-11-25T14:03:05.000Z', lang: 'en', tag: '' };
const lists = {
  top: [
    { word: 'coffee', count: 380, score: 0 },
    { word: '#kafka', count: 412, score: 96.4, ratio: 8, isNew: false },
  ],
  rising: [{ word: 'eclipse', count: 40, score: 1200, ratio: 0, isNew: true }],
};

describe('exporting the lists', () => {
  it('has one row per word and list, ranked, with the view it came from', () => {
    const rows = exportRows(lists, context);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({ list: 'top', rank: 2, word: '#kafka', count: 412, score: 96.4, ratio: 8, isNew: false, ...context });
    expect(rows[2]).toMatchObject({ list: 'rising', rank: 1, word: 'eclipse', ratio: 0, isNew: true });
    expect(rows[0]).toMatchObject({ ratio: null, isNew: null });
  });

  it('writes CSV with a header, quoting what needs it', () => {
    const csv = toCsv(exportRows(lists, context));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('list,rank,word,count,score,ratio,isNew,window,asOf,lang,tag');
    expect(lines[1]).toBe('top,1,coffee,380,0,,,5m,2026-11-25T14:03:05.000Z,en,');
    expect(lines[3]).toBe('rising,1,eclipse,40,1200,0,true,5m,2026-11-25T14:03:05.000Z,en,');
    expect(lines.at(-1)).toBe('');
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField(-2)).toBe('-2');
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes JSON with the view and both lists', () => {
    const parsed = JSON.parse(toJson(lists, context)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ window: '5m', asOf: context.asOf, lang: 'en', tag: '' });
    expect(parsed.rising).toEqual([{ rank: 1, word: 'eclipse', count: 40, score: 1200, ratio: 0, isNew: true }]);
  });

  it('names the file after the view and its time', () => {
    expect(exportFileName(context, 'csv')).toBe('trendstream-5m-en-2026-11-25T14-03-05Z.csv');
    expect(exportFileName({ window: '1h', asOf: null, lang: '', tag: 'café' }, 'json')).toBe('trendstream-1h-café.json');
  });
});
