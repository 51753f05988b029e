/**
 * Where IR becomes text. The local printer loads print.ts (and with it ts-morph) on first use, so a run that prints
 * nothing never loads ts-morph; the print thread (engine/executors/print-thread.ts) is another Printer, answering
 * from a worker with the same print.ts, so with the same text.
 */
import type { ActionFileIR } from './action.js';
import type { FacadeIR } from './facade.js';
import type { AliasIR } from './models-file.js';
import type { InterfaceIR } from './type-text.js';

export interface Printer {
  action(ir: ActionFileIR, header: string): Promise<string>;
  interfaces(header: string, list: InterfaceIR[], aliases?: AliasIR[]): Promise<string>;
  facade(header: string, ir: FacadeIR): Promise<string>;
}

/** print.ts once loaded (an `import()` per printed file would go through the module loader each time). */
let print: typeof import('./print.js') | undefined;

/** Loads print.ts (and ts-morph): the printers call it on first use; an executor may call it early. */
export async function loadPrint(): Promise<typeof import('./print.js')> {
  return (print ??= await import('./print.js'));
}

export function localPrinter(): Printer {
  return {
    action: async (ir, header) => (print ?? (await loadPrint())).printActionFile(ir, header),
    interfaces: async (header, list, aliases) => (print ?? (await loadPrint())).printInterfacesFile(header, list, aliases),
    facade: async (header, ir) => (print ?? (await loadPrint())).printFacadeFile(header, ir),
  };
}
