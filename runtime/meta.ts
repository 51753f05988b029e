/**
 * Compact param shape for pre-send validation: 's' string, 'i' integer, 'n' number, 'b' boolean,
 * 'o' free-form object, 'u' unknown (not checked); [shape] array of shape; { f: fields, r: required names } object.
 * Response shapes (for response checking, runtime/response-check.ts) use the same format.
 */
export type Shape = 's' | 'i' | 'n' | 'b' | 'o' | 'u' | readonly [Shape] | ObjectShape;
export interface ObjectShape {
  readonly f: { readonly [name: string]: Shape };
  readonly r?: readonly string[];
}
/** What generated code knows about one action. */
export interface ActionMeta {
  readonly action: string;
  readonly idempotent: boolean;
  readonly params: ObjectShape;
  /** Product id (`uhost`, as in `scloud-sdk/<product>`): named in drift records and traces (the span's service). */
  readonly product?: string | undefined;
  /** The doc page the action was generated from, docs-relative (`uhost-api/describe_uhost_instance.md`). */
  readonly doc?: string | undefined;
  /**
   * The documented response without the envelope (RetCode, Action, Message), for `validateResponses`;
   * absent for `call()` and for metas written by hand: such responses are not checked.
   */
  readonly response?: ObjectShape | undefined;
}
