/**
 * Where IR becomes text: render.ts, imported on first use, so a run that prints nothing never loads ts-morph.
 * (Builds spread products over worker threads one level up, build/pool.ts; each thread has its own renderer.)
 */
import type { ActionFileIR, ParamIR } from './action.js';
import type { DocIR } from './jsdoc.js';
import type { InterfaceIR } from './types.js';

/** The product's class facade: one method per action function, delegating with `this` as the client. */
export interface FacadeIR {
  name: string;
  product: string;
  imports: { file: string; names: string[] }[];
  /** Request/response/model type names, imported type-only from the product index. */
  types: string[];
  methods: {
    name: string;
    docs: DocIR;
    isAsync: boolean;
    params: ParamIR[];
    returnType: string;
    callee: string;
    args: string[];
    overloads?: { params: ParamIR[]; returnType: string; docs: DocIR }[];
  }[];
}

export interface Renderer {
  action(ir: ActionFileIR, header: string): Promise<string>;
  interfaces(header: string, list: InterfaceIR[]): Promise<string>;
  facade(header: string, ir: FacadeIR): Promise<string>;
  close(): Promise<void>;
}

/** render.ts once loaded (an `import()` per printed file went through the module loader each time: ~50 ms cold). */
let render: typeof import('./render.js') | undefined;

export function localRenderer(): Renderer {
  const load = async (): Promise<typeof import('./render.js')> => (render ??= await import('./render.js'));
  return {
    action: async (ir, header) => (render ?? (await load())).renderActionFile(ir, header),
    interfaces: async (header, list) => (render ?? (await load())).renderInterfacesFile(header, list),
    facade: async (header, ir) => (render ?? (await load())).renderFacadeFile(header, ir),
    close: async () => undefined,
  };
}
