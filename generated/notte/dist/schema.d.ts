export interface paths {
    "/agents/{agent_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Agent Stop */
        delete: operations["agent_stop"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * AgentStatus
         * @enum {string}
         */
        AgentStatus: "active" | "closed";
        /** AgentStatusResponse */
        AgentStatusResponse: {
            /**
             * Agent Id
             * @description The ID of the agent
             */
            agent_id: string;
            /**
             * Answer
             * @description The answer to the agent task. None if the agent is still running
             */
            answer?: string | null;
            /**
             * Closed At
             * @description The closing time of the agent
             */
            closed_at?: string | null;
            /**
             * Created At
             * Format: date-time
             * @description The creation time of the agent
             */
            created_at: string;
            /**
             * Saved
             * @description Whether the agent is saved as a workflow
             * @default false
             */
            saved: boolean;
            /**
             * Session Id
             * @description The ID of the session
             */
            session_id: string;
            /** @description The status of the agent (active or closed) */
            status: components["schemas"]["AgentStatus"];
            /**
             * Steps
             * @description The steps that the agent has currently taken
             */
            steps?: {
                [key: string]: unknown;
            }[];
            /**
             * Success
             * @description Whether the agent task was successful. None if the agent is still running
             */
            success?: boolean | null;
            /**
             * Task
             * @description The task that the agent is currently running
             */
            task: string;
            /**
             * Url
             * @description The URL that the agent started on
             */
            url?: string | null;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
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
    agent_stop: {
        parameters: {
            query: {
                session_id: string;
            };
            header?: {
                "x-notte-request-origin"?: string | null;
                "x-notte-sdk-version"?: string | null;
            };
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentStatusResponse"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
