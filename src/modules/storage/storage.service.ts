import { mkdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config';
import { DomainError, ValidationError } from '../../core/http';
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

/** Keeps the base name, replaces anything outside a safe alphabet, and refuses what is left empty. */
export function sanitizeFileName(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(0, 150);
  if (cleaned === '' || !SAFE_FILE_NAME.test(cleaned)) throw ValidationError.field('file', `"${original}" is not a usable file name`);
  return cleaned;
}
