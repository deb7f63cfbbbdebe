import { exceedsJsonDepth, findUnstorableText } from '../../../src/core/http';

/** The depth of a JSON value by a different route: parse it and walk it. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('exceedsJsonDepth', () => {
  it.each([
    ['{}', 1],
    ['[[[]]]', 3],
    ['{"a":[{"b":[1,2,{"c":{}}]}]}', 6],
    ['{"s":"[[[[\\"{{{{"}', 1],
    ['["\\\\", [["\\\\\\"["]]]', 3],
    ['"[[[[["', 0],
  ])('%s is %i deep, as parsing and walking it says', (text, depth) => {
    expect(depthOf(JSON.parse(text))).toBe(depth);
    expect(exceedsJsonDepth(text, depth)).toBe(false);
    if (depth > 0) expect(exceedsJsonDepth(text, depth - 1)).toBe(true);
  });

  it('counts bytes of multi-byte text without confusion', () => {
    expect(exceedsJsonDepth(Buffer.from('{"é📈":["\u00e9"]}'), 2)).toBe(false);
    expect(exceedsJsonDepth(Buffer.from('{"é📈":["\u00e9"]}'), 1)).toBe(true);
  });
});

describe('findUnstorableText', () => {
  it('names the first string holding NUL or an unpaired surrogate, keys included', () => {
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }] })).toEqual({ field: 'a[1].b', reason: 'NUL' });
    expect(findUnstorableText({ a: { '\udc00k': 1 } })).toEqual({ field: 'a', reason: 'surrogate' });
    expect(findUnstorableText('x\ud83d', 'name')).toEqual({ field: 'name', reason: 'surrogate' });
    expect(findUnstorableText({ a: 'emoji 📈 ok', b: [1, null, true] })).toBeNull();
  });

  it('walks input of any depth without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findUnstorableText(deep)?.reason).toBe('NUL');
  });
});
