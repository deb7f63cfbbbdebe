import { isAscii } from 'node:buffer';
import { DomainError } from './domain-error';

/** Control characters a text upload may not hold: all of C0 but tab, line feed and carriage return, and DEL. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * The text of UTF-8 bytes. Pure ASCII (the usual CSV) is read as Latin-1, the same characters at about half
 * the cost of UTF-8 decoding on a large file. Otherwise, `fatal`: invalid UTF-8 throws a TypeError and a
 * leading byte-order mark is dropped (TextDecoder); else invalid bytes become U+FFFD and a byte-order mark stays,
 * as `readFileSync(path, 'utf8')` does.
 */
export function utf8Text(content: Buffer, fatal = false): string {
  if (isAscii(content)) return content.toString('latin1');
  return fatal ? new TextDecoder('utf-8', { fatal: true }).decode(content) : content.toString('utf8');
}

/**
 * The text of an uploaded file that must be text (`expected` names what it should be, e.g. "CSV"): valid UTF-8
 * with no control character but tab and line breaks, else a 415 naming the file (`name`). Its bytes are never
 * echoed, so a binary file (an image, an archive) gets a short readable detail.
 */
export function decodeUploadedText(name: string, content: Buffer, expected: string): string {
  let text: string;
  try {
    text = utf8Text(content, true);
  } catch {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `"${name}" is not UTF-8 text; upload ${expected} encoded as UTF-8.`);
  }
  const control = CONTROL_CHARACTERS.exec(text);
  if (control !== null) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `"${name}" is not text: it holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; upload ${expected}.`);
  }
  return text;
}
