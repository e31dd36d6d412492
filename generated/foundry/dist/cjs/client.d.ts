import { type Client, type ClientOptions } from "openapi-fetch";
import { type OperationArgs, type OperationResult, type StopSessionOptions, type TokenSource, type WithDefaults } from "@agentstop/runtime";
import type { operations, paths } from "./schema.js";
/** Credentials by security scheme; supply one of the alternatives the operation accepts. */
export interface FoundryAuth {
    /**
     * Bearer token, sent as `Authorization: Bearer <token>`. Scheme `EntraIdBearer`.
     *
     * Microsoft Entra ID access token for the https://ai.azure.com scope.
     */
    entraIdBearer?: TokenSource;
}
/** Values for the server URL `https://{resourceName}.services.ai.azure.com/api/projects/{projectName}`; unset ones use the spec's defaults. */
export interface FoundryServerVariables {
    /**
     * Foundry project name.
     *
     * Default: `your-project`
     */
    "projectName"?: string;
    /**
     * Azure AI Foundry resource name.
     *
     * Default: `your-resource`
     */
    "resourceName"?: string;
}
/** Options for the client. `baseUrl` defaults to `https://{resourceName}.services.ai.azure.com/api/projects/{projectName}`. */
export interface FoundryClientOptions extends Omit<ClientOptions, "baseUrl" | "pathSerializer"> {
    /** Base URL of the API; overrides the spec's server. */
    baseUrl?: string;
    /** Values for the server URL's variables. */
    serverVariables?: FoundryServerVariables;
    /** Credentials, by security scheme. */
    auth?: FoundryAuth;
    /** Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused. */
    validatePathParameters?: boolean;
    /** Parameters sent on every request unless set per call. Defaults: {"query":{"api-version":"v1"},"header":{"Foundry-Features":"AgentEndpoints=V1Preview"}} */
    defaults?: {
        query?: {
            "api-version"?: string;
        };
        header?: {
            "Foundry-Features"?: string;
        };
    };
}
/** Which session to stop: its id, and whatever the provider scopes it by. */
export interface FoundryStopSessionInput {
    /** The agent that owns the session; sent as the path parameter `agent_name`. */
    agentId: string;
    /** The session to stop; sent as the path parameter `session_id`. */
    sessionId: string;
}
/** Every operation of the Microsoft Foundry spec, named after its operationId. */
export interface FoundryOperations {
    /**
     * Stop a session
     *
     * Terminates the specified hosted agent session and returns 204 No Content when the request succeeds.
     *
     * `POST /agents/{agent_name}/endpoint/sessions/{session_id}:stop`
     */
    stopSession(...args: OperationArgs<WithDefaults<operations["stopSession"], "api-version", "Foundry-Features">>): OperationResult<operations["stopSession"]>;
}
/** A typed Microsoft Foundry client. */
export interface FoundryClient {
    /** Every operation of the spec, typed from it. */
    readonly operations: FoundryOperations;
    /** The underlying openapi-fetch client (path safety, auth and defaults apply to it too). */
    readonly raw: Client<paths>;
    /**
     * Stops a session: ends the session.
     *
     * Calls `stopSession` (`POST /agents/{agent_name}/endpoint/sessions/{session_id}:stop`).
     */
    stopSession(input: FoundryStopSessionInput, options?: StopSessionOptions): OperationResult<operations["stopSession"]>;
}
/** Creates a Microsoft Foundry client. */
export declare function createFoundryClient(options?: FoundryClientOptions): FoundryClient;
