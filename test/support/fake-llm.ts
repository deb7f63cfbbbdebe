// Wire formats of the LLM providers the fakes speak: OpenAI chat completions (JSON-schema answers and tool
// calls, streamed and not), Anthropic messages (tool use), Ollama /api/chat (NDJSON). Each builder turns an
// answer object into the reply a real provider would send for the request it was given.
import { FakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';

export interface FakeUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

export const FAKE_USAGE: FakeUsage = { prompt_tokens: 120, completion_tokens: 30 };

/** The parsed JSON body of a recorded request ({} when it has none). */
export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  return request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
}

/** The text of every message of a chat request, joined (to script answers on the prompt). */
export function promptText(request: RecordedRequest): string {
  const body = jsonBody(request);
  const parts: string[] = [];
  if (typeof body.system === 'string') parts.push(body.system);
  if (Array.isArray(body.system)) for (const block of body.system as { text?: string }[]) parts.push(block.text ?? '');
  for (const message of (body.messages ?? []) as { content: unknown }[]) {
    if (typeof message.content === 'string') parts.push(message.content);
    else if (Array.isArray(message.content)) for (const block of message.content as { text?: string }[]) parts.push(block.text ?? '');
  }
  return parts.join('\n');
}

function sse(events: readonly unknown[], done = true): string[] {
  const chunks = events.map((event) => `data: ${JSON.stringify(event)}\n\n`);
  if (done) chunks.push('data: [DONE]\n\n');
  return chunks;
}

/** Splits a string into n roughly equal pieces (streamed answers arrive in fragments). */
function pieces(text: string, n = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length === 0 ? [''] : out;
}

/**
 * An OpenAI chat-completions answer carrying `answer` the way the request asked for it: as the function
 * call's arguments when it forced a tool, else as the message content (json_schema / json_object); as
 * chunks when it asked to stream (with the usage chunk when `stream_options.include_usage`).
 */
export function openAiReply(request: RecordedRequest, answer: unknown, usage: FakeUsage = FAKE_USAGE): FakeReply {
  const body = jsonBody(request);
  const model = String(body.model ?? 'fake');
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const tools = body.tools as { function: { name: string } }[] | undefined;
  const toolName = tools?.[0]?.function.name;
  const usageBody = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  const base = { id: 'chatcmpl-fake', created: 1_700_000_000, model, system_fingerprint: 'fp_fake' };
  if (body.stream === true) {
    const events: unknown[] = [{ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: toolName === undefined ? '' : null }, finish_reason: null }] }];
    if (toolName === undefined) {
      for (const part of pieces(text)) events.push({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: part }, finish_reason: null }] });
    } else {
      events.push({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_fake', type: 'function', function: { name: toolName, arguments: '' } }] }, finish_reason: null }],
      });
      for (const part of pieces(text)) {
        events.push({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: part } }] }, finish_reason: null }] });
      }
    }
    events.push({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: toolName === undefined ? 'stop' : 'tool_calls' }] });
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage === true) events.push({ ...base, object: 'chat.completion.chunk', choices: [], usage: usageBody });
    return { status: 200, chunks: sse(events) };
  }
  const message =
    toolName === undefined
      ? { role: 'assistant', content: text, refusal: null }
      : { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_fake', type: 'function', function: { name: toolName, arguments: text } }] };
  return {
    status: 200,
    body: { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: toolName === undefined ? 'stop' : 'tool_calls' }], usage: usageBody },
  };
}

/** An OpenAI error body (`{error:{message,type,code}}`) with the given status and headers. */
export function openAiError(status: number, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, body: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } } };
}

/**
 * An Anthropic messages answer: a `tool_use` block with `answer` as its input when the request forced a
 * tool, else a text block; as server-sent events when the request asked to stream.
 */
export function anthropicReply(request: RecordedRequest, answer: unknown, usage: FakeUsage = FAKE_USAGE): FakeReply {
  const body = jsonBody(request);
  const model = String(body.model ?? 'fake');
  const tools = body.tools as { name: string }[] | undefined;
  const toolName = tools?.[0]?.name;
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const block = toolName === undefined ? { type: 'text', text } : { type: 'tool_use', id: 'toolu_fake', name: toolName, input: typeof answer === 'string' ? {} : answer };
  const message = {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    stop_reason: toolName === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
  };
  if (body.stream !== true) return { status: 200, body: { ...message, content: [block] } };
  const events: [string, unknown][] = [
    ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.prompt_tokens, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: toolName === undefined ? { type: 'text', text: '' } : { ...block, input: {} } }],
    ...pieces(text).map((part): [string, unknown] => [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: toolName === undefined ? { type: 'text_delta', text: part } : { type: 'input_json_delta', partial_json: part } },
    ]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.completion_tokens } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  return { status: 200, chunks: events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) };
}

export function anthropicError(status: number, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, body: { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } } };
}

/** An Ollama /api/chat answer: the JSON text as the message content, NDJSON lines when streaming (the default). */
export function ollamaChatReply(request: RecordedRequest, answer: unknown, usage: FakeUsage = FAKE_USAGE): FakeReply {
  const body = jsonBody(request);
  const model = String(body.model ?? 'fake');
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const createdAt = '2026-01-01T00:00:00Z';
  const final = {
    model,
    created_at: createdAt,
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 1000,
    prompt_eval_count: usage.prompt_tokens,
    prompt_eval_duration: 1000,
    eval_count: usage.completion_tokens,
    eval_duration: 1000,
  };
  if (body.stream === false) return { status: 200, body: { ...final, message: { role: 'assistant', content: text } } };
  const lines = pieces(text).map((part) => `${JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: part }, done: false })}\n`);
  lines.push(`${JSON.stringify(final)}\n`);
  return { status: 200, chunks: lines, headers: { 'content-type': 'application/x-ndjson' } };
}

/**
 * A Google Gemini `generateContent` answer (the JSON text as the candidate's part), or `streamGenerateContent`
 * server-sent events when the request path asks to stream.
 */
export function googleReply(request: RecordedRequest, answer: unknown, usage: FakeUsage = FAKE_USAGE): FakeReply {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const usageMetadata = { promptTokenCount: usage.prompt_tokens, candidatesTokenCount: usage.completion_tokens, totalTokenCount: usage.prompt_tokens + usage.completion_tokens };
  const candidate = (part: string, finishReason?: string) => ({ content: { role: 'model', parts: [{ text: part }] }, index: 0, ...(finishReason === undefined ? {} : { finishReason }) });
  if (request.url.includes(':streamGenerateContent')) {
    const parts = pieces(text);
    return { status: 200, chunks: parts.map((part, i) => `data: ${JSON.stringify({ candidates: [candidate(part, i === parts.length - 1 ? 'STOP' : undefined)], ...(i === parts.length - 1 ? { usageMetadata } : {}) })}\r\n\r\n`) };
  }
  return { status: 200, body: { candidates: [candidate(text, 'STOP')], usageMetadata, modelVersion: 'fake' } };
}

/** Which wire format a fake provider speaks. */
export type FakeWire = 'openai' | 'anthropic' | 'ollama' | 'google';

const REPLIERS: Record<FakeWire, (request: RecordedRequest, answer: unknown) => FakeReply> = {
  openai: openAiReply,
  anthropic: anthropicReply,
  ollama: ollamaChatReply,
  google: googleReply,
};

/** What a scripted fake does with one chat request. */
export type FakeLlmBehaviour = { readonly answer: unknown; readonly delayMs?: number } | { readonly reply: FakeReply } | 'hang';

/**
 * A fake LLM provider on loopback: every chat request is answered by `script` (given the request and the
 * number of chat requests so far), in the provider's own wire format.
 */
export function fakeLlmServer(wire: FakeWire, script: (request: RecordedRequest, index: number) => FakeLlmBehaviour): FakeHttpServer {
  let count = 0;
  return new FakeHttpServer(async (request) => {
    const behaviour = script(request, count);
    count += 1;
    if (behaviour === 'hang') return 'hang';
    if ('reply' in behaviour) return behaviour.reply;
    if (behaviour.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    return REPLIERS[wire](request, behaviour.answer);
  });
}
