export interface paths {
    "/agents/{agentName}/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Stop an agent session
         * @description Stops an active session of a deployed agent and cleans up its resources.
         */
        delete: operations["stopSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ErrorResponse: {
            /** @description Error code */
            code?: string;
            /** @description Error message */
            error?: string;
        };
        StopResponse: {
            /**
             * Format: uuid
             * @description Session ID of the stopped session
             * @example 639f91d8-d511-4677-a83b-bd7564d5d92f
             */
            session_id?: string;
            /**
             * @description Status of the stop operation
             * @example terminated
             */
            status?: string;
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
            query?: never;
            header?: never;
            path: {
                /** @description Name of the agent */
                agentName: string;
                /** @description UUID of the session to stop */
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Session stopped successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StopResponse"];
                };
            };
            /** @description Invalid request (e.g., invalid session ID format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Service or session not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
