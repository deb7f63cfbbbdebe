import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config';
import { DomainError } from '../../../core/http';
import { createKeyFile, keyFilePath, readKeyFile, readKeyFileSync } from './key-file';
import { type SealedSecret, SecretDecryptionError, SecretsCipher } from './secrets-cipher';

/**
 * Holds the secrets key: SECRETS_KEY, or else the key file DATA_DIR/secrets.key. An existing key file is
 * checked at boot (a bad one stops the server); a missing one is generated on the first write, so a
 * server that never stores a secret never writes a key. A vault that found no file at boot looks again
 * when it must open a secret: another process or worker thread on the same DATA_DIR may have created it.
 */
@Injectable()
export class SecretsVault implements OnModuleInit {
  private readonly logger = new Logger(SecretsVault.name);
  private cipher: SecretsCipher | null = null;
  private creating: Promise<SecretsCipher> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get keyFile(): string {
    return keyFilePath(this.config.storage.dataDir);
  }

  async onModuleInit(): Promise<void> {
    const configured = this.config.security.secretsKey;
    if (configured !== null) {
      this.cipher = new SecretsCipher(configured);
      this.logger.log(`Secrets key from SECRETS_KEY (id ${this.cipher.keyId})`);
      return;
    }
    const fromFile = await readKeyFile(this.keyFile);
    if (fromFile !== null) {
      this.cipher = new SecretsCipher(fromFile);
      this.logger.log(`Secrets key from ${this.keyFile} (id ${this.cipher.keyId})`);
    }
  }

  async seal(plaintext: string, context: string): Promise<SealedSecret> {
    return (await this.sealingCipher()).seal(plaintext, context);
  }

  open(sealed: Omit<SealedSecret, 'keyId'> & { keyId: string | null }, context: string): string {
    if (this.cipher === null) {
      const fromFile = readKeyFileSync(this.keyFile);
      if (fromFile !== null) this.cipher = new SecretsCipher(fromFile);
    }
    if (this.cipher === null) {
      throw new DomainError('UNAVAILABLE', `The stored secret "${context}" cannot be decrypted: SECRETS_KEY is unset and there is no key file ${this.keyFile}.`);
    }
    try {
      return this.cipher.open(sealed, context);
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      this.logger.error(`Cannot decrypt: ${error.message}`);
      throw new DomainError(
        'UNAVAILABLE',
        `The stored key for ${context} cannot be decrypted with the configured secrets key: restore the key it was saved with, or store the key again.`,
      );
    }
  }

  private sealingCipher(): Promise<SecretsCipher> {
    if (this.cipher !== null) return Promise.resolve(this.cipher);
    this.creating ??= createKeyFile(this.keyFile).then((key) => {
      this.cipher = new SecretsCipher(key);
      this.logger.log(`Created the secrets key file ${this.keyFile} (mode 0600, id ${this.cipher.keyId})`);
      return this.cipher;
    });
    this.creating.catch(() => {
      this.creating = null;
    });
    return this.creating;
  }
}
