import { AGENTS } from '../registry';
import { NEWS_SENTIMENT, PERSONAS } from '.';

describe('persona registry', () => {
  it('holds every LLM agent of the roster but news sentiment, under its own key, with a prompt and both modes', () => {
    const llmKeys = AGENTS.filter((a) => a.kind === 'llm').map((a) => a.key);
    expect(Object.keys(PERSONAS).sort()).toEqual(llmKeys.filter((key) => key !== NEWS_SENTIMENT.key).sort());
    expect(Object.keys(PERSONAS)).toHaveLength(13);
    for (const [key, persona] of Object.entries(PERSONAS)) {
      expect(persona.key).toBe(key);
      expect(persona.systemPrompt.length).toBeGreaterThan(200);
      expect(persona.systemPrompt).toContain('JSON only');
    }
    expect(llmKeys).toContain(NEWS_SENTIMENT.key);
  });

  it('states the reasoning limits of the anchor in the prompts (Buffett and Munger 120 characters, Taleb 150)', () => {
    expect(PERSONAS.warren_buffett.systemPrompt).toContain('under 120 characters');
    expect(PERSONAS.charlie_munger.systemPrompt).toContain('under 120 characters');
    expect(PERSONAS.nassim_taleb.systemPrompt).toContain('under 150 characters');
    for (const key of Object.keys(PERSONAS).filter((k) => !['warren_buffett', 'charlie_munger', 'nassim_taleb'].includes(k))) {
      expect(PERSONAS[key].systemPrompt).toContain('thorough');
    }
  });
});
