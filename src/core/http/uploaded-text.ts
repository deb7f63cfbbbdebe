import { DomainError } from './domain-error';

/** Control characters a text upload may not hold: all of C0 but tab, line feed and carriage return, and DEL. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * The text of an uploaded file that must be text (`expected` names what it should be, e.g. "CSV"): valid UTF-8
 * with no control character but tab and line breaks, else a 415 naming the file (`name`). Its bytes are never
 * echoed, so a binary file (an image, an archive) gets a short readable detail.
 */
export function decodeUploadedText(name: string, content: Buffer, expected: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `"${name}" is not UTF-8 text; upload ${expected} encoded as UTF-8.`);
  }
  const control = CONTROL_CHARACTERS.exec(text);
  if (control !== null) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `"${name}" is not text: it holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; upload ${expected}.`);
  }
  return text;
}
