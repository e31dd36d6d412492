import { type Client, type ClientOptions } from "openapi-fetch";
import { type OperationArgs, type OperationResult, type StopSessionOptions, type TokenSource } from "@agentstop/runtime";
import type { operations, paths } from "./schema.js";
/** Credentials by security scheme; supply one of the alternatives the operation accepts. */
export interface PipecatAuth {
    /**
     * Bearer token, sent as `Authorization: Bearer <token>`. Scheme `PrivateKeyAuth`.
     *
     * Authentication requires a Pipecat Cloud Private API token.
     *
     * Generate a Private API key from your Dashboard (Settings > API Keys > Private > Create key) and include it as a Bearer token in the Authorization header.
     */
    privateKeyAuth?: TokenSource;
}
/** Options for the client. `baseUrl` defaults to `https://api.pipecat.daily.co/v1`. */
export interface PipecatClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** Base URL of the API; overrides the spec's server. */
    baseUrl?: string;
    /** Credentials, by security scheme. */
    auth?: PipecatAuth;
    /** Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused. */
    validatePathParameters?: boolean;
}
/** Which session to stop: its id, and whatever the provider scopes it by. */
export interface PipecatStopSessionInput {
    /** The agent that owns the session; sent as the path parameter `agentName`. */
    agentId: string;
    /** The session to stop; sent as the path parameter `sessionId`. */
    sessionId: string;
}
/** Every operation of the Pipecat Cloud spec, named after its operationId. */
export interface PipecatOperations {
    /**
     * Stop an agent session
     *
     * Stops an active session of a deployed agent and cleans up its resources.
     *
     * `DELETE /agents/{agentName}/sessions/{sessionId}`
     */
    stopSession(...args: OperationArgs<operations["stopSession"]>): OperationResult<operations["stopSession"]>;
}
/** A typed Pipecat Cloud client. */
export interface PipecatClient {
    /** Every operation of the spec, typed from it. */
    readonly operations: PipecatOperations;
    /** The underlying openapi-fetch client (path safety, auth and defaults apply to it too). */
    readonly raw: Client<paths>;
    /**
     * Stops a session: ends the session.
     *
     * Calls `stopSession` (`DELETE /agents/{agentName}/sessions/{sessionId}`).
     */
    stopSession(input: PipecatStopSessionInput, options?: StopSessionOptions): OperationResult<operations["stopSession"]>;
}
/** Creates a Pipecat Cloud client. */
export declare function createPipecatClient(options?: PipecatClientOptions): PipecatClient;
