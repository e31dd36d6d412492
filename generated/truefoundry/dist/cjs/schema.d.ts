export interface paths {
    "/v1/agents/sessions/{sessionId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a running turn in a session
         * @description Cancel the running last turn for a session.
         */
        post: operations["cancelSession"];
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
        CancelSessionRequest: Record<string, never>;
        CancelSessionResponse: Record<string, never>;
        RequestErrorResponse: {
            error: {
                code?: string | null;
                message: string;
                param?: string | null;
                type?: string;
            };
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
    cancelSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelSessionRequest"];
            };
        };
        responses: {
            /** @description Turn cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelSessionResponse"];
                };
            };
            /** @description Redis store unavailable or invalid session id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestErrorResponse"];
                };
            };
            /** @description Requested action cannot be performed on session because it is no longer usable. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestErrorResponse"];
                };
            };
            /** @description Timed out waiting for cancellation on remote executor. */
            424: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestErrorResponse"];
                };
            };
        };
    };
}
