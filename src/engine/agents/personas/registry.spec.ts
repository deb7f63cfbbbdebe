import { AGENTS } from '../registry';
import { NEWS_SENTIMENT, PERSONAS } from '.';

describe('persona registry', () => {
  it('holds LLM agents of the roster under their own keys, each with a prompt and both modes', () => {
    const llmKeys = new Set(AGENTS.filter((a) => a.kind === 'llm').map((a) => a.key));
    for (const [key, persona] of Object.entries(PERSONAS)) {
      expect(persona.key).toBe(key);
      expect(llmKeys.has(key)).toBe(true);
      expect(persona.systemPrompt.length).toBeGreaterThan(200);
      expect(typeof persona.analyze).toBe('function');
      expect(typeof persona.rules).toBe('function');
    }
    expect(llmKeys.has(NEWS_SENTIMENT.key)).toBe(true);
  });

  it('states the reasoning limits of the anchor in the prompts (Buffett and Munger 120 characters)', () => {
    expect(PERSONAS.warren_buffett.systemPrompt).toContain('under 120 characters');
    expect(PERSONAS.charlie_munger.systemPrompt).toContain('under 120 characters');
    expect(PERSONAS.ben_graham.systemPrompt).toContain('thorough');
  });
});
