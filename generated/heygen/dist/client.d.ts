import { type Client, type ClientOptions } from "openapi-fetch";
import { type OperationArgs, type OperationResult, type StopSessionOptions, type TokenSource } from "@agentstop/runtime";
import type { operations, paths } from "./schema.js";
/** Credentials by security scheme; supply one of the alternatives the operation accepts. */
export interface HeyGenAuth {
    /**
     * API key. Sent in the header `x-api-key`. Scheme `ApiKeyAuth`.
     *
     * HeyGen API key. Obtain from your HeyGen dashboard.
     */
    apiKeyAuth?: TokenSource;
    /**
     * Bearer token, sent as `Authorization: Bearer <token>`. Scheme `BearerAuth`.
     *
     * OAuth2 bearer token.
     */
    bearerAuth?: TokenSource;
}
/** Options for the client. `baseUrl` defaults to `https://api.heygen.com`. */
export interface HeyGenClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** Base URL of the API; overrides the spec's server. */
    baseUrl?: string;
    /** Credentials, by security scheme. */
    auth?: HeyGenAuth;
    /** Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused. */
    validatePathParameters?: boolean;
}
/** Which session to stop: its id, and whatever the provider scopes it by. */
export interface HeyGenStopSessionInput {
    /** The session to stop; sent as the path parameter `session_id`. */
    sessionId: string;
}
/** Every operation of the HeyGen Video Agents spec, named after its operationId. */
export interface HeyGenOperations {
    /**
     * Stop Video Agent Session
     *
     * Halts an active agent run at its next checkpoint. Partial results are preserved.
     *
     * `POST /v3/video-agents/{session_id}/stop`
     */
    stopVideoAgentSession(...args: OperationArgs<operations["stopVideoAgentSession"]>): OperationResult<operations["stopVideoAgentSession"]>;
}
/** A typed HeyGen Video Agents client. */
export interface HeyGenClient {
    /** Every operation of the spec, typed from it. */
    readonly operations: HeyGenOperations;
    /** The underlying openapi-fetch client (path safety, auth and defaults apply to it too). */
    readonly raw: Client<paths>;
    /**
     * Stops a session: halts the run at its next checkpoint; partial results are kept.
     *
     * Calls `stopVideoAgentSession` (`POST /v3/video-agents/{session_id}/stop`).
     */
    stopSession(input: HeyGenStopSessionInput, options?: StopSessionOptions): OperationResult<operations["stopVideoAgentSession"]>;
}
/** Creates a HeyGen Video Agents client. */
export declare function createHeyGenClient(options?: HeyGenClientOptions): HeyGenClient;
