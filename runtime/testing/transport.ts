/**
 * The mock's transport: answers each request in process from the structured call the client hands it
 * (TransportRequest.call), never opening a socket. Answers go back as the API's own answers do (HTTP 200 and a
 * JSON body, or an HTTP error), so the client parses them, raises its typed errors, logs and runs its hooks
 * exactly as for a real answer; an error is thrown as a network transport would throw it.
 */
import { ConfigError } from '../errors.js';
import type { Transport, TransportCall, TransportRequest, TransportResponse } from '../transport/types.js';

/** What the mocked API answers one request with. */
export type Reply =
  | { readonly body: Readonly<Record<string, unknown>> }
  | { readonly json: string }
  | { readonly status: number; readonly text: string }
  | { readonly error: unknown };

export class MockTransport implements Transport {
  readonly #answer: (call: TransportCall) => Promise<Reply>;
  #requests = 0;

  constructor(answer: (call: TransportCall) => Promise<Reply>) {
    this.#answer = answer;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const call = request.call;
    if (call === undefined) {
      throw new ConfigError(
        'scloud-sdk/testing: the mock transport answers only the client made by mockClient() (mock.client); pass mock.client to the code under test',
      );
    }
    const reply = await untilCancelled(this.#answer(call), request);
    if ('error' in reply) throw reply.error;
    const headers: Readonly<Record<string, string>> = {
      'content-type': 'application/json; charset=utf-8',
      'x-ucloud-request-uuid': `mock-request-${++this.#requests}`,
    };
    const body = 'body' in reply ? JSON.stringify(reply.body) : 'json' in reply ? reply.json : reply.text;
    return { status: 'status' in reply ? reply.status : 200, header: (name) => headers[name.toLowerCase()], headers: () => headers, body };
  }
}

/** The reply, unless the attempt is cancelled first (its timeout or the caller's signal): then the transport rejects, as a network one would. */
function untilCancelled(reply: Promise<Reply>, request: TransportRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (request.onCancel !== undefined) request.onCancel(reject);
    else request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    reply.then(resolve, reject);
  });
}
