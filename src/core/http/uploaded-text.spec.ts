import { decodeUploadedText, utf8Text } from './uploaded-text';

describe('utf8Text', () => {
  it('reads ASCII, UTF-8 and a byte-order mark as UTF-8 decoding does', () => {
    for (const text of ['date,value\n2024-01-02,100.5\n', 'ticker,note\nNESN,Zürich €\n', '']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(utf8Text(bytes)).toBe(text);
      expect(utf8Text(bytes, true)).toBe(text);
    }
    // A byte-order mark stays as readFileSync keeps it; the fatal decoder (uploads) drops it, as TextDecoder does.
    expect(utf8Text(Buffer.from('\ufeffdate\n'))).toBe('\ufeffdate\n');
    expect(utf8Text(Buffer.from('\ufeffdate\n'), true)).toBe('date\n');
  });

  it('turns invalid UTF-8 into U+FFFD, or throws when fatal', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62]);
    expect(utf8Text(bytes)).toBe('a\ufffdb');
    expect(() => utf8Text(bytes, true)).toThrow('not valid');
    expect(() => decodeUploadedText('eq.csv', bytes, 'a CSV file')).toThrow('"eq.csv" is not UTF-8 text; upload a CSV file encoded as UTF-8.');
  });
});
