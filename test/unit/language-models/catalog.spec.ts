import { CHECKABLE_PROVIDERS } from '../../../src/modules/api-keys/providers';
import { CLOUD_PROVIDER_KEYS, MODEL_CATALOG, parseCatalog } from '../../../src/modules/language-models/model-catalog';

describe('language-model catalog', () => {
  it('keeps gpt-4.1 from OpenAI (the SPA auto-selects it)', () => {
    expect(MODEL_CATALOG).toContainEqual({ display_name: 'GPT-4.1', model_name: 'gpt-4.1', provider: 'OpenAI' });
  });

  it('names only providers whose key POST /api-keys/test can check, under the same display name', () => {
    for (const [provider, keyName] of Object.entries(CLOUD_PROVIDER_KEYS)) {
      expect(CHECKABLE_PROVIDERS.find((p) => p.keyName === keyName)?.displayName).toBe(provider);
    }
    const used = new Set(MODEL_CATALOG.map((m) => m.provider));
    expect([...used].sort()).toEqual(['Anthropic', 'DeepSeek', 'Google', 'Groq', 'OpenAI', 'OpenRouter']);
  });

  it('rejects an unknown provider, a blank name and a duplicate, naming the entry', () => {
    expect(() => parseCatalog([{ display_name: 'Grok', model_name: 'grok-4.3', provider: 'xAI' }])).toThrow(
      'catalog.json[0].provider must be one of OpenAI, Anthropic, Groq, Google, DeepSeek, OpenRouter, got "xAI"',
    );
    expect(() => parseCatalog([{ display_name: ' ', model_name: 'm', provider: 'OpenAI' }])).toThrow('catalog.json[0].display_name must be a non-empty string');
    const twice = { display_name: 'A', model_name: 'a', provider: 'Groq' };
    expect(() => parseCatalog([twice, twice])).toThrow('catalog.json[1] lists Groq/a twice');
    expect(() => parseCatalog({})).toThrow('The model catalog must be a JSON array');
  });
});
