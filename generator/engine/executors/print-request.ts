/**
 * The messages between print-thread.ts and its worker (print-worker.ts), and the one table from a request to the
 * printer call that answers it, used on both sides (the worker, and this thread when the worker failed).
 */
export interface PrintRequest {
  id: number;
  op: 'action' | 'interfaces' | 'facade';
  args: unknown[];
}

export type PrintReply = { id: number; text: string } | { id: number; error: string };

/** What answers a request: a Printer (emit/printer.ts), or print.ts's functions in the worker. */
export interface PrintTarget<T> {
  action(ir: never, header: never): T;
  interfaces(header: never, list: never, aliases?: never): T;
  facade(header: never, ir: never): T;
}

/** Calls the printer method the request names with its arguments. */
export function dispatch<T>(request: PrintRequest, target: PrintTarget<T>): T {
  const [first, second, third] = request.args as [never, never, never];
  return request.op === 'interfaces' ? target.interfaces(first, second, third) : target[request.op](first, second);
}
