/**
 * Compact param shape for pre-send validation: 's' string, 'i' integer, 'n' number, 'b' boolean,
 * 'o' free-form object, 'u' unknown (not checked); [shape] array of shape; { f: fields, r: required names } object.
 */
export type Shape = 's' | 'i' | 'n' | 'b' | 'o' | 'u' | readonly [Shape] | ObjectShape;
export interface ObjectShape { readonly f: { readonly [name: string]: Shape }; readonly r?: readonly string[] }
/** What generated code knows about one action. */
export interface ActionMeta { readonly action: string; readonly idempotent: boolean; readonly params: ObjectShape }
