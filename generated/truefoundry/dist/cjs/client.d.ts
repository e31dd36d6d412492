import { type Client, type ClientOptions } from "openapi-fetch";
import { type OperationArgs, type OperationResult, type StopSessionOptions, type TokenSource } from "@agentstop/runtime";
import type { operations, paths } from "./schema.js";
/** Credentials by security scheme; supply one of the alternatives the operation accepts. */
export interface TrueFoundryAuth {
    /** Bearer token, sent as `Authorization: Bearer <token>`. Scheme `AuthorizationBearer`. */
    authorizationBearer?: TokenSource;
}
/** Values for the server URL `{scheme}://{gatewayBaseURL}/{tenantName}`; unset ones use the spec's defaults. */
export interface TrueFoundryServerVariables {
    /**
     * Gateway host. Override for self-hosted deployments.
     *
     * Default: `gateway.truefoundry.ai`
     */
    "gatewayBaseURL"?: string;
    /** Default: `https` */
    "scheme"?: "http" | "https";
    /**
     * Tenant identifier
     *
     * Default: `truefoundry`
     */
    "tenantName"?: string;
}
/** Options for the client. `baseUrl` defaults to `{scheme}://{gatewayBaseURL}/{tenantName}`. */
export interface TrueFoundryClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** Base URL of the API; overrides the spec's server. */
    baseUrl?: string;
    /** Values for the server URL's variables. */
    serverVariables?: TrueFoundryServerVariables;
    /** Credentials, by security scheme. */
    auth?: TrueFoundryAuth;
    /** Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused. */
    validatePathParameters?: boolean;
}
/** Which session to stop: its id, and whatever the provider scopes it by. */
export interface TrueFoundryStopSessionInput {
    /** The session to stop; sent as the path parameter `sessionId`. */
    sessionId: string;
}
/** Every operation of the TrueFoundry Agent Harness spec, named after its operationId. */
export interface TrueFoundryOperations {
    /**
     * Cancel a running turn in a session
     *
     * Cancel the running last turn for a session.
     *
     * `POST /v1/agents/sessions/{sessionId}/cancel`
     */
    cancelSession(...args: OperationArgs<operations["cancelSession"]>): OperationResult<operations["cancelSession"]>;
}
/** A typed TrueFoundry Agent Harness client. */
export interface TrueFoundryClient {
    /** Every operation of the spec, typed from it. */
    readonly operations: TrueFoundryOperations;
    /** The underlying openapi-fetch client (path safety, auth and defaults apply to it too). */
    readonly raw: Client<paths>;
    /**
     * Stops a session: cancels the session's running turn; the session stays usable.
     *
     * Calls `cancelSession` (`POST /v1/agents/sessions/{sessionId}/cancel`).
     */
    stopSession(input: TrueFoundryStopSessionInput, options?: StopSessionOptions): OperationResult<operations["cancelSession"]>;
}
/** Creates a TrueFoundry Agent Harness client. */
export declare function createTrueFoundryClient(options?: TrueFoundryClientOptions): TrueFoundryClient;
