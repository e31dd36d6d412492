import { type Client, type ClientOptions } from "openapi-fetch";
import { type OperationArgs, type OperationResult, type StopSessionOptions, type TokenSource } from "@agentstop/runtime";
import type { operations, paths } from "./schema.js";
/** Credentials by security scheme; supply one of the alternatives the operation accepts. */
export interface NotteAuth {
    /** OAuth2 access token, sent as `Authorization: Bearer <token>`. Scheme `OAuth2PasswordBearer`. */
    oAuth2PasswordBearer?: TokenSource;
}
/** Options for the client. `baseUrl` defaults to `https://api.notte.cc`. */
export interface NotteClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** Base URL of the API; overrides the spec's server. */
    baseUrl?: string;
    /** Credentials, by security scheme. */
    auth?: NotteAuth;
    /** Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused. */
    validatePathParameters?: boolean;
}
/** Which session to stop: its id, and whatever the provider scopes it by. */
export interface NotteStopSessionInput {
    /** The agent that owns the session; sent as the path parameter `agent_id`. */
    agentId: string;
    /** The session to stop; sent as the query parameter `session_id`. */
    sessionId: string;
}
/** Every operation of the Notte spec, named after its operationId. */
export interface NotteOperations {
    /**
     * Agent Stop
     *
     * `DELETE /agents/{agent_id}/stop`
     */
    agentStop(...args: OperationArgs<operations["agent_stop"]>): OperationResult<operations["agent_stop"]>;
}
/** A typed Notte client. */
export interface NotteClient {
    /** Every operation of the spec, typed from it. */
    readonly operations: NotteOperations;
    /** The underlying openapi-fetch client (path safety, auth and defaults apply to it too). */
    readonly raw: Client<paths>;
    /**
     * Stops a session: ends the session.
     *
     * Calls `agentStop` (`DELETE /agents/{agent_id}/stop`).
     */
    stopSession(input: NotteStopSessionInput, options?: StopSessionOptions): OperationResult<operations["agent_stop"]>;
}
/** Creates a Notte client. */
export declare function createNotteClient(options?: NotteClientOptions): NotteClient;
