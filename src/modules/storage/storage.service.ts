import { mkdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config';
import { decodeUploadedText, DomainError, ValidationError } from '../../core/http';
import { SAFE_FILE_NAME, type SaveJsonResponseDto, type UploadResponseDto } from './dto/storage.dto';

export const UPLOAD_DIRECTORIES = ['uploads', 'market-data'] as const;
export type UploadDirectory = (typeof UPLOAD_DIRECTORIES)[number];
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const ALLOWED_EXTENSIONS = new Set(['.csv', '.json', '.txt']);

/** Files under DATA_DIR only: sanitised names, atomic writes (temp file + rename), no absolute path in replies. */
@Injectable()
export class StorageService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async saveJson(filename: string, data: Record<string, unknown>): Promise<SaveJsonResponseDto> {
    const name = filename.toLowerCase().endsWith('.json') ? filename : `${filename}.json`;
    if (!SAFE_FILE_NAME.test(name)) throw ValidationError.field('filename', 'filename is too long once .json is appended');
    await this.writeAtomically('outputs', name, `${JSON.stringify(data, null, 2)}\n`);
    return { success: true, message: `File saved successfully to outputs/${name}`, filename: name };
  }

  async saveUpload(directory: string, originalName: string, content: Buffer, contentType: string): Promise<UploadResponseDto> {
    if (!(UPLOAD_DIRECTORIES as readonly string[]).includes(directory)) {
      throw ValidationError.field('directory', `directory must be one of ${UPLOAD_DIRECTORIES.join(', ')}`);
    }
    const name = sanitizeFileName(originalName);
    if (!ALLOWED_EXTENSIONS.has(extname(name).toLowerCase())) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Only ${[...ALLOWED_EXTENSIONS].join(', ')} files can be uploaded, got "${name}"`);
    }
    await assertText(name, content);
    await this.writeAtomically(directory, name, content);
    return { filename: name, directory, path: `${directory}/${name}`, size: content.length, content_type: contentType };
  }

  private async writeAtomically(directory: string, name: string, content: string | Buffer): Promise<void> {
    const dir = join(this.config.storage.dataDir, directory);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(temp, content, { mode: 0o640 });
    await rename(temp, join(dir, name));
  }
}

const NAME_MAX = 150;

/**
 * A safe file name for any uploaded name, never a refusal: the base name only, letters with accents
 * reduced to their base letters (NFKD), anything else outside `A-Z a-z 0-9 . _ -` replaced by `_`. A stem
 * with nothing left (a name written in another script) becomes `upload-<8 hex of the original name's
 * SHA-256>`, so the same name maps to the same file.
 */
export function sanitizeFileName(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [base.slice(0, dot), base.slice(dot + 1)] : [base, ''];
  const clean = (text: string): string =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._-]+/, '');
  const cleanExtension = clean(extension).replace(/[._-]+$/, '').slice(0, 10);
  const cleanStem = clean(stem).replace(/^_+$/, '') || `upload-${createHash('sha256').update(original).digest('hex').slice(0, 8)}`;
  const name = `${cleanStem.slice(0, NAME_MAX - cleanExtension.length - 1)}${cleanExtension === '' ? '' : `.${cleanExtension}`}`;
  if (!SAFE_FILE_NAME.test(name)) throw ValidationError.field('file', `"${original}" is not a usable file name`);
  return name;
}

/**
 * An uploaded .csv, .json or .txt must be text: no binary format file-type recognises by its magic
 * numbers (PNG, ZIP, PDF, executables, …), valid UTF-8, and no control characters but tab and line breaks.
 */
async function assertText(name: string, content: Buffer): Promise<void> {
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(content);
  if (detected !== undefined) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `"${name}" holds a ${detected.ext.toUpperCase()} file (${detected.mime}), not text; upload CSV, JSON or plain text.`);
  }
  decodeUploadedText(name, content, 'CSV, JSON or plain text');
}
