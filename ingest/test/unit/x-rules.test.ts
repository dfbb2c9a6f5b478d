import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, ownedHashtag, planRules, ruleTagFor, ruleValueFor, type XRule } from '../../src/x/x-rules.js';

const owned = (id: string, hashtag: string, value = `#${hashtag}`): XRule => ({ id, value, tag: ruleTagFor(hashtag) });

describe('the filtered-stream rules', () => {
  it('are one per followed hashtag, with the base rule appended, and tagged as Trendstream’s', () => {
    expect(ruleValueFor('rust')).toBe('#rust');
    expect(ruleValueFor('rust', 'lang:en -is:retweet')).toBe('#rust lang:en -is:retweet');
    // AND binds tighter than OR: without the parentheses this would read (#rust cats) OR dogs.
    expect(ruleValueFor('rust', 'cats OR dogs')).toBe('#rust (cats OR dogs)');
    expect(ruleValueFor('rust', 'ORDER')).toBe('#rust ORDER');
    expect(ruleTagFor('rust')).toBe('trendstream #rust');
    expect(ownedHashtag({ tag: 'trendstream #rust' })).toBe('rust');
    expect(ownedHashtag({ tag: 'my own #rust' })).toBeUndefined();
    expect(ownedHashtag({ tag: 'trendstream ' })).toBeUndefined();
    expect(ownedHashtag({})).toBeUndefined();
  });

  it('adds the rules followed hashtags lack and deletes the owned rules no hashtag needs, never a foreign one', () => {
    const foreign: XRule = { id: 'f1', value: '#rust', tag: 'someone else' };
    const untagged: XRule = { id: 'f2', value: 'cats' };
    const plan = planRules([owned('1', 'rust'), owned('2', 'golang'), foreign, untagged], ['rust', 'zig']);
    expect(plan).toEqual({ add: [{ value: '#zig', tag: 'trendstream #zig' }], delete: ['2'], refused: [], foreign: [foreign, untagged] });
  });

  it('replaces rules made with another base rule and removes duplicates', () => {
    const plan = planRules([owned('1', 'rust', '#rust lang:de'), owned('2', 'zig'), owned('3', 'zig')], ['rust', 'zig'], { baseRule: 'lang:en' });
    expect(plan.delete.sort()).toEqual(['1', '2', '3']);
    expect(plan.add).toEqual([
      { value: '#rust lang:en', tag: 'trendstream #rust' },
      { value: '#zig lang:en', tag: 'trendstream #zig' },
    ]);
    const same = planRules([owned('1', 'zig', '#zig lang:en'), owned('2', 'zig', '#zig lang:en')], ['zig'], { baseRule: 'lang:en' });
    expect(same).toMatchObject({ add: [], delete: ['2'] });
  });

  it('changes nothing when the rules already match, and deletes every owned rule when nothing is followed', () => {
    expect(planRules([owned('1', 'rust')], ['rust'])).toMatchObject({ add: [], delete: [] });
    expect(planRules([owned('1', 'rust'), owned('2', 'zig')], [])).toMatchObject({ add: [], delete: ['1', '2'] });
  });

  it(`refuses a rule longer than ${MAX_RULE_LENGTH} characters (counted in code points), rules past the app's limit, and values X refused before`, () => {
    const base = 'x'.repeat(MAX_RULE_LENGTH - '#rust '.length);
    expect(planRules([], ['rust'], { baseRule: base }).add).toHaveLength(1);
    expect(planRules([], ['rustacean'], { baseRule: base })).toMatchObject({
      add: [],
      refused: [{ hashtag: 'rustacean', reason: expect.stringContaining('1024') }],
    });
    const emoji = '🦀'.repeat(MAX_RULE_LENGTH - '#rust '.length);
    expect(planRules([], ['rust'], { baseRule: emoji }).add).toHaveLength(1);

    const full = planRules([{ id: 'f', value: 'cats' }, owned('1', 'a')], ['a', 'b', 'c'], { maxRules: 3 });
    expect(full.add).toEqual([{ value: '#b', tag: 'trendstream #b' }]);
    expect(full.refused).toEqual([{ hashtag: 'c', reason: "X allows 3 rules per app, 1 of them not Trendstream's" }]);

    const refusedValues = new Map([['#bad lang:xx', 'X refused it']]);
    expect(planRules([], ['bad', 'good'], { baseRule: 'lang:xx', refusedValues })).toMatchObject({
      add: [{ value: '#good lang:xx' }],
      refused: [{ hashtag: 'bad', reason: 'X refused it' }],
    });
  });
});
