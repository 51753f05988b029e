/**
 * The types a credentials provider deals in: what it returns, what the calling client offers it, and the
 * `credentials` option. Types only, apart from credentials.ts: the providers' protocols (instance-metadata.ts,
 * assume-role.ts), loaded on first use, import them from here, so no module imports the one that loads it.
 */

/** What a credentials provider returns. */
export interface ProvidedCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
  /** Sent as `SecurityToken` with temporary keys. */
  readonly securityToken?: string | undefined;
  /** When the keys stop working; the client refreshes ahead of it. None: they never expire. */
  readonly expiration?: Date | undefined;
  /** Defaults for a client that has none of its own (the instance metadata reports them). */
  readonly region?: string | undefined;
  readonly zone?: string | undefined;
  readonly projectId?: string | undefined;
}

/**
 * An async function returning keys; `source` names it in `client.settings` and errors. The client that calls it
 * passes a context: a provider that calls the API itself (fromAssumeRole) makes its client there.
 */
export interface CredentialProvider {
  (context?: ProviderContext): Promise<ProvidedCredentials>;
  readonly source?: string | undefined;
}

/** What the calling client offers a provider. */
export interface ProviderContext {
  /** A client with the caller's settings (transport, proxy, timeouts, retries, logging, env) but these credentials, and `baseUrl` if given. */
  client(credentials: CredentialsInput, baseUrl?: string): ProviderClient;
}

/** The part of a Client a provider uses. */
export interface ProviderClient {
  call(action: string, params?: object, options?: { idempotent?: boolean }): Promise<Record<string, unknown>>;
}

/** A key set given as is. */
export interface KeyCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly securityToken?: string | undefined;
  /** Keys that expire are served like a provider's: after this date calls fail with CredentialsError. */
  readonly expiration?: Date | undefined;
}

/** The `credentials` option (and `fromAssumeRole`'s `source`). */
export type CredentialsInput = KeyCredentials | CredentialProvider;

/** fromInstanceMetadata's options, checked (for instance-metadata.ts). */
export interface InstanceRole {
  readonly endpoint: string;
  readonly roleName: string | undefined;
  readonly timeoutMs: number;
}
