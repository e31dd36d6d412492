export interface paths {
    "/agents/{agent_name}/endpoint/sessions/{session_id}:stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a session
         * @description Terminates the specified hosted agent session and returns 204 No Content when the request succeeds.
         */
        post: operations["stopSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        "OpenAI.Error": {
            additionalInfo?: {
                [key: string]: unknown;
            };
            code: string | null;
            debugInfo?: {
                [key: string]: unknown;
            };
            details?: components["schemas"]["OpenAI.Error"][];
            message: string;
            param?: string | null;
            type?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    stopSession: {
        parameters: {
            query: {
                /** @description The API version to use for this operation. */
                "api-version": string;
            };
            header?: {
                /** @description A feature flag opt-in required when using preview operations or modifying persisted preview resources. */
                "Foundry-Features"?: "AgentEndpoints=V1Preview";
            };
            path: {
                /** @description The name of the agent. */
                agent_name: string;
                /** @description The session identifier. */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Client error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: components["schemas"]["OpenAI.Error"];
                    };
                };
            };
            /** @description Server error */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: components["schemas"]["OpenAI.Error"];
                    };
                };
            };
            /** @description There is no content to send for this request, but the headers may be useful. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
