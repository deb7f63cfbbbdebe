import { likeSubstringPattern } from './flows.service';

describe('likeSubstringPattern', () => {
  it.each([
    ['value', '%value%'],
    ['100%', '%100\\%%'],
    ['snake_case', '%snake\\_case%'],
    ['back\\slash', '%back\\\\slash%'],
    ['', '%%'],
  ])('%s → %s', (text, pattern) => {
    expect(likeSubstringPattern(text)).toBe(pattern);
  });
});
