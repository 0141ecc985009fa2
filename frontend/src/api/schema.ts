// The service's API types, from its OpenAPI description (`npm run generate-client`).
// Do not edit: regenerate instead.

export interface paths {
    "/api/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live
         * @description The API process answers (for a container's liveness probe); nothing else is checked.
         */
        get: operations["health-live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health */
        get: operations["health-health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Login */
        post: operations["auth-login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Logout */
        post: operations["auth-logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Me */
        get: operations["auth-me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclaimer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Disclaimer */
        get: operations["disclaimer-get_disclaimer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclaimer/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept Disclaimer */
        post: operations["disclaimer-accept_disclaimer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Studies
         * @description The team's studies, newest first, one page at a time.
         */
        get: operations["studies-list_studies"];
        put?: never;
        /** Create Study */
        post: operations["studies-create_study"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Studies From Archive
         * @description A study for every radiograph in the archive; each file's outcome (created, skipped or
         *     refused with its reason). A bad file does not stop the others.
         */
        post: operations["studies-create_studies_from_archive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Study Events
         * @description Server-Sent Events: a `study` event ({study_id, status}) whenever a study of the team
         *     changes. The stream ends after a few minutes; EventSource reconnects by itself.
         */
        get: operations["studies-study_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Study */
        get: operations["studies-get_study"];
        put?: never;
        post?: never;
        /**
         * Delete Study
         * @description Administrators only: results, files and radiograph go; who deleted it, and when, stays.
         */
        delete: operations["studies-delete_study"];
        options?: never;
        head?: never;
        /**
         * Edit Study Details
         * @description Patient code, birth year, sex (the patient's, for all their studies) or visit date.
         */
        patch: operations["studies-edit_study_details"];
        trace?: never;
    };
    "/api/studies/{study_id}/hands/{side}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Hand Side
         * @description The hand found as `side` is in truth `body.side`; on a two-hand film the hands swap.
         */
        put: operations["studies-set_hand_side"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/joints/{side}/{joint}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit Joint Grades */
        patch: operations["studies-edit_joint_grades"];
        trace?: never;
    };
    "/api/studies/{study_id}/joints/{side}/{joint}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm Joint Grade
         * @description The reader agrees with the grade shown; recorded in the history like an edit.
         */
        post: operations["studies-confirm_joint_grade"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/joints/{side}/{joint}/position": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Move Joint */
        put: operations["studies-move_joint"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/pixel-spacing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set Pixel Spacing
         * @description Calibrate the film: every joint space width then has millimetres ("reader" basis).
         */
        put: operations["studies-set_pixel_spacing"];
        post?: never;
        /**
         * Clear Pixel Spacing
         * @description Back to the film's own pixel spacing (none for most JPEG and PNG files).
         */
        delete: operations["studies-clear_pixel_spacing"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark Reviewed
         * @description The study's grades and joint positions are final: they become training data, and
         *     changes are refused until it is reopened.
         */
        post: operations["studies-mark_reviewed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen */
        post: operations["studies-reopen"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/reanalyse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reanalyse
         * @description Analyse the film again with the promoted model version. Grades a reader changed stay;
         *     the detail's model_changes lists the model grades the new model changed.
         */
        post: operations["studies-reanalyse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset Study */
        post: operations["studies-reset_study"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Study History */
        get: operations["studies-study_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Study Image */
        get: operations["studies-study_image"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/heatmaps/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Study Heatmap */
        get: operations["studies-study_heatmap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export Csv */
        get: operations["exports-export_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/studies/{study_id}/export.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Pdf
         * @description The PDF is rendered by a worker on the `cpu` queue; this waits for it.
         */
        get: operations["exports-export_pdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/cohort.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Cohort Csv
         * @description One row per patient and visit: every grade in RA2 DREAM's columns with its source
         *     (model or reader), the totals and their change since the previous visit.
         */
        get: operations["exports-export_cohort_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Patients
         * @description The team's patients that have studies, by code.
         */
        get: operations["patients-list_patients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{patient_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Patient Detail
         * @description The patient and their visits, oldest first.
         */
        get: operations["patients-patient_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{patient_id}/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Patient Change
         * @description Per joint and in total, how the grades changed from one visit to a later one.
         */
        get: operations["patients-patient_change"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Users */
        get: operations["users-list_users"];
        put?: never;
        /** Create User */
        post: operations["users-create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update User */
        patch: operations["users-update_user"];
        trace?: never;
    };
    "/api/reading-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Sessions */
        get: operations["reading-sessions-list_sessions"];
        put?: never;
        /**
         * Create Session
         * @description Administrators only: the chosen analysed studies, read by each chosen reader.
         */
        post: operations["reading-sessions-create_session"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Session */
        get: operations["reading-sessions-get_session"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My Queue */
        get: operations["reading-sessions-my_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My Item
         * @description The item with my grades only; the model's grades only where the session shows them.
         */
        get: operations["reading-sessions-my_item"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/items/{item_id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Item Image */
        get: operations["reading-sessions-item_image"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/items/{item_id}/grades": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Grade Joint */
        put: operations["reading-sessions-grade_joint"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/items/{item_id}/done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark Done
         * @description Refused while a joint on the film lacks a grade.
         */
        post: operations["reading-sessions-mark_done"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/items/{item_id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen
         * @description Undo done, while the session is open.
         */
        post: operations["reading-sessions-reopen"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Session Report
         * @description Agreement of the readers and of the model, for administrators; for the session's readers
         *     once every read is done.
         */
        get: operations["reading-sessions-session_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Session Report Csv */
        get: operations["reading-sessions-session_report_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Session Report Pdf
         * @description Under the research-use notice, like a study's PDF.
         */
        get: operations["reading-sessions-session_report_pdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/reads.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Session Reads Csv
         * @description Every finished read's grades, one row per reader, item, joint and kind, with the model's
         *     grade and the consensus.
         */
        get: operations["reading-sessions-session_reads_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reading-sessions/{session_id}/disagreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Disagreements
         * @description Administrators only: joints where finished reads differ by more than one grade.
         */
        get: operations["reading-sessions-disagreements"];
        /**
         * Adjudicate
         * @description Administrators only: the settled grade replaces the consensus of that joint.
         */
        put: operations["reading-sessions-adjudicate"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit Events
         * @description Who opened, exported or sent which of the team's studies, and when; newest first.
         */
        get: operations["audit-audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Snapshots */
        get: operations["datasets-list_snapshots"];
        put?: never;
        /**
         * Create Snapshot
         * @description Freeze the team's reviewed studies: images, joint positions, final grades and every
         *     reader's grades, with checksums (see rasharp.snapshots).
         */
        post: operations["datasets-create_snapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datasets/{snapshot_id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download Snapshot */
        get: operations["datasets-download_snapshot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Endpoints */
        get: operations["pacs-list_endpoints"];
        put?: never;
        /** Create Endpoint */
        post: operations["pacs-create_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints/{endpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Update Endpoint */
        put: operations["pacs-update_endpoint"];
        post?: never;
        /** Delete Endpoint */
        delete: operations["pacs-delete_endpoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints/{endpoint_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test Endpoint
         * @description Whether the PACS answers a search with these settings, and if not, why.
         */
        post: operations["pacs-test_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints/{endpoint_id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Studies
         * @description The PACS's CR/DX studies matching the filters (QIDO-RS), newest first.
         */
        post: operations["pacs-search_studies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints/{endpoint_id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Import
         * @description Retrieve the chosen studies (WADO-RS) into analysis, one study per film, as a job.
         */
        post: operations["pacs-start_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/imports/{import_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Import
         * @description A retrieval's progress: films done of the total, the studies made, the failures.
         */
        get: operations["pacs-get_import"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pacs/endpoints/{endpoint_id}/sends": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send Results
         * @description Send a finished study's results (STOW-RS): the structured report (sr) and the marked
         *     film (sc). Administrators only; every send is logged.
         */
        post: operations["pacs-send_results"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Versions
         * @description Every version, newest first (the shipped weights are registered on first use).
         */
        get: operations["models-list_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * History
         * @description Every promotion and roll-back, newest first: who, when, from which version.
         */
        get: operations["models-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models/{version}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Promote
         * @description Workers analyse with this candidate from their next job on; the version promoted
         *     before is retired.
         */
        post: operations["models-promote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models/{version}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll Back
         * @description Return to a version promoted before.
         */
        post: operations["models-roll_back"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/folder-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Imports
         * @description The team's folder imports, newest first, with their progress.
         */
        get: operations["folder-imports-list_imports"];
        put?: never;
        /**
         * Start Import
         * @description Import every film of a server folder (recursively: DICOM, PNG, JPEG) as a job: one study
         *     per film in the administrator's team, analysed like an upload. Films imported before are
         *     skipped.
         */
        post: operations["folder-imports-start_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/folder-imports/{import_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Import
         * @description An import's progress, with the files that failed and those skipped, each saying why.
         */
        get: operations["folder-imports-get_import"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/training-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Runs
         * @description The latest runs, newest first.
         */
        get: operations["training-list_runs"];
        put?: never;
        /**
         * Start Run
         * @description Queue a fine-tuning of the promoted version on one of your team's snapshots; its output
         *     becomes a candidate version. One run at a time (409 while another is queued or running).
         */
        post: operations["training-start_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/training-runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Run */
        get: operations["training-get_run"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/training-runs/{run_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Run
         * @description Stop a queued or running run: it ends cancelled and registers no version.
         */
        post: operations["training-cancel_run"];
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
        /** AdjudicationIn */
        AdjudicationIn: {
            /** Item Id */
            item_id: number;
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            kind: components["schemas"]["GradeKind"];
            /** Value */
            value: number;
        };
        /** ArchiveCreated */
        ArchiveCreated: {
            /** Created */
            created: number;
            /** Skipped */
            skipped: number;
            /** Refused */
            refused: number;
            /** Members */
            members: components["schemas"]["ArchiveMember"][];
        };
        /**
         * ArchiveMember
         * @description What became of one file of an uploaded archive.
         */
        ArchiveMember: {
            /**
             * Name
             * @description The file's path inside the archive
             */
            name: string;
            /**
             * Outcome
             * @enum {string}
             */
            outcome: "created" | "skipped" | "refused";
            /** Study Id */
            study_id?: number | null;
            /**
             * Status
             * @description The created study's analysis
             */
            status?: string | null;
            /** Patient Code */
            patient_code?: string | null;
            /** Visit Date */
            visit_date?: string | null;
            /**
             * Dicom Study
             * @description Which DICOM study of the archive (1, 2, ... by StudyInstanceUID)
             */
            dicom_study?: number | null;
            /**
             * Dicom Series
             * @description Which series of that DICOM study
             */
            dicom_series?: number | null;
            /** @description Why it was skipped or refused (or why its analysis could not be queued) */
            message?: components["schemas"]["ErrorBody"] | null;
        };
        /** AuditEventOut */
        AuditEventOut: {
            /** Id */
            id: number;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** User Id */
            user_id: number;
            /** Username */
            username: string;
            /**
             * Action
             * @enum {string}
             */
            action: "opened" | "exported" | "sent" | "imported" | "training_started";
            /** Study Id */
            study_id: number | null;
            /** Details */
            details: {
                [key: string]: string | number | boolean | null;
            };
        };
        /** AuditPage */
        AuditPage: {
            /** Items */
            items: components["schemas"]["AuditEventOut"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /** Total */
            total: number;
        };
        /** BlandAltmanPair */
        BlandAltmanPair: {
            /** A */
            a: string;
            /** B */
            b: string;
            /** Bias */
            bias: number | null;
            /** Lower */
            lower: number | null;
            /** Upper */
            upper: number | null;
        };
        /** Body_studies-create_studies_from_archive */
        "Body_studies-create_studies_from_archive": {
            /**
             * File
             * @description ZIP archive of DICOM files (PNG, JPEG too)
             */
            file: string;
            /**
             * Patient Code
             * @description for every film; else each DICOM's PatientID
             */
            patient_code?: string | null;
            /**
             * Side
             * @description auto, left or right
             * @default auto
             */
            side: string;
            /** Birth Year */
            birth_year?: number | null;
            /**
             * Sex
             * @description F, M or X
             */
            sex?: string | null;
            /**
             * Visit Date
             * @description for every film; else each DICOM's StudyDate
             */
            visit_date?: string | null;
        };
        /** Body_studies-create_study */
        "Body_studies-create_study": {
            /**
             * File
             * @description DICOM, PNG or JPEG radiograph
             */
            file: string;
            /** Patient Code */
            patient_code?: string | null;
            /**
             * Side
             * @description auto, left or right
             * @default auto
             */
            side: string;
            /** Birth Year */
            birth_year?: number | null;
            /**
             * Sex
             * @description F, M or X
             */
            sex?: string | null;
            /**
             * Visit Date
             * @description when the film was taken, YYYY-MM-DD
             */
            visit_date?: string | null;
        };
        /** ConnectionTest */
        ConnectionTest: {
            /** Ok */
            ok: boolean;
            problem?: components["schemas"]["ErrorBody"] | null;
        };
        /** Disagreement */
        Disagreement: {
            /** Item Id */
            item_id: number;
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            kind: components["schemas"]["GradeKind"];
            /** Grades */
            grades: {
                [key: string]: number;
            };
            /** Consensus */
            consensus: number;
            /** Adjudicated */
            adjudicated: number | null;
        };
        /** Disclaimer */
        Disclaimer: {
            /** Version */
            version: string;
            /**
             * Language
             * @description The language of `text`.
             * @enum {string}
             */
            language: "en" | "ru";
            /** Text */
            text: string;
            /** Accepted */
            accepted: boolean;
            /**
             * Accepted Language
             * @description The language the current version was accepted in; null when not accepted.
             */
            accepted_language: ("en" | "ru") | null;
        };
        /** DisclaimerAcceptance */
        DisclaimerAcceptance: {
            /**
             * Version
             * @description The version the reader was shown.
             * @default 2026-11-1
             */
            version: string;
            /**
             * Language
             * @description The language the reader read it in.
             * @default en
             * @enum {string}
             */
            language: "en" | "ru";
        };
        /** EndpointIn */
        EndpointIn: {
            /** Name */
            name: string;
            /**
             * Base Url
             * @description DICOMweb base URL
             */
            base_url: string;
            /** Qido Prefix */
            qido_prefix?: string | null;
            /** Wado Prefix */
            wado_prefix?: string | null;
            /** Stow Prefix */
            stow_prefix?: string | null;
            /**
             * Auth
             * @default none
             * @enum {string}
             */
            auth: "none" | "basic" | "bearer";
            /** Username */
            username?: string | null;
            /**
             * Secret
             * @description password or token; empty keeps the stored one
             */
            secret?: string | null;
        };
        /**
         * EndpointOut
         * @description A connection as anyone sees it: the secret is never sent back, only whether one is set.
         */
        EndpointOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Base Url */
            base_url: string;
            /** Qido Prefix */
            qido_prefix: string | null;
            /** Wado Prefix */
            wado_prefix: string | null;
            /** Stow Prefix */
            stow_prefix: string | null;
            /**
             * Auth
             * @enum {string}
             */
            auth: "none" | "basic" | "bearer";
            /** Username */
            username: string | null;
            /** Has Secret */
            has_secret: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /**
         * ErrorBody
         * @description Every refusal's body: the English sentence, its code and the values it names.
         */
        ErrorBody: {
            /**
             * Detail
             * @description The refusal in English: what is wrong and what is accepted.
             */
            detail: string;
            /**
             * Code
             * @description Stable code of the message, for translation.
             * @enum {string}
             */
            code: "untranslated" | "request.invalid" | "request.no_route" | "request.refused" | "request.body_too_large" | "request.cross_site" | "request.cross_site_unknown" | "service.database_unreachable" | "auth.not_signed_in" | "auth.wrong_credentials" | "auth.too_many_attempts" | "auth.throttle_unreachable" | "auth.disclaimer_required" | "auth.admin_only" | "disclaimer.outdated" | "users.not_found" | "users.name_taken" | "users.not_yourself" | "password.too_short" | "password.too_long" | "password.is_username" | "password.common" | "upload.too_large" | "upload.name_control_characters" | "upload.side_invalid" | "upload.code_control_characters" | "upload.code_too_long" | "upload.patient_needs_code" | "upload.birth_year_range" | "upload.sex_invalid" | "upload.file_empty" | "upload.file_not_image" | "upload.file_format" | "upload.file_too_small" | "upload.file_too_large" | "upload.file_damaged" | "upload.file_not_accepted" | "upload.queue_unreachable" | "archive.not_zip" | "archive.empty" | "archive.too_many_members" | "archive.too_large_unpacked" | "archive.compression_ratio" | "archive.unsafe_name" | "archive.member_encrypted" | "archive.member_nested" | "archive.member_too_large" | "archive.member_method" | "archive.member_damaged" | "archive.member_failed" | "archive.skipped_system_file" | "archive.skipped_dicomdir" | "archive.skipped_no_image" | "archive.skipped_not_radiograph" | "archive.skipped_not_image" | "folder_import.off" | "folder_import.folder_empty" | "folder_import.outside_root" | "folder_import.not_found" | "folder_import.not_folder" | "folder_import.queue_unreachable" | "folder_import.import_not_found" | "folder_import.unreadable" | "folder_import.file_failed" | "folder_import.skipped_already_imported" | "folder_import.skipped_outside_root" | "study.not_found" | "study.no_results" | "dataset.nothing_reviewed" | "dataset.not_found" | "model.not_found" | "model.not_candidate" | "model.never_promoted" | "model.file_name_invalid" | "model.file_missing" | "model.file_not_onnx" | "model.metrics_invalid" | "model.snapshot_not_found" | "training.not_found" | "training.already_active" | "training.not_active" | "training.no_promoted_version" | "training.queue_unreachable" | "study.rescore_pending" | "study.reviewed_final" | "joint.side_invalid" | "joint.unknown" | "joint.hand_not_found" | "joint.outside_image" | "joint.rescore_unreachable" | "grade.nothing_to_change" | "grade.cannot_empty" | "grade.not_scored" | "grade.out_of_range" | "reset.side_needed" | "reset.hand_not_found" | "heatmap.unknown" | "grade.kind_invalid" | "grade.nothing_to_confirm" | "grade.confirm_while_rescoring" | "upload.visit_date_range" | "study.hand_not_found" | "study.delete_admin_only" | "patient.not_found" | "patient.visit_not_found" | "patient.same_visit" | "patient.visits_reversed" | "analysis.no_hand" | "analysis.models_unavailable" | "analysis.failed" | "analysis.not_stored" | "analysis.queue_unreachable" | "spacing.one_way" | "spacing.line_incomplete" | "spacing.point_outside" | "spacing.line_too_short" | "spacing.distance_invalid" | "spacing.implausible" | "session.not_found" | "session.admin_only" | "session.no_studies" | "session.no_readers" | "session.study_not_ready" | "session.reader_unknown" | "session.not_a_reader" | "session.item_not_found" | "session.complete" | "session.read_done" | "session.grades_missing" | "session.joint_not_on_film" | "session.report_not_yet" | "session.not_a_disagreement" | "pacs.admin_only" | "pacs.endpoint_not_found" | "pacs.name_empty" | "pacs.name_taken" | "pacs.url_invalid" | "pacs.auth_invalid" | "pacs.username_missing" | "pacs.secret_missing" | "pacs.secret_unreadable" | "pacs.credentials_refused" | "pacs.answered_error" | "pacs.bad_answer" | "pacs.unreachable" | "pacs.modality_invalid" | "pacs.dates_reversed" | "pacs.no_studies" | "pacs.too_many_studies" | "pacs.uid_invalid" | "pacs.queue_unreachable" | "pacs.import_not_found" | "pacs.send_admin_only" | "pacs.documents_invalid" | "pacs.send_needs_dicom" | "export.report_timeout" | "export.report_failed";
            /**
             * Params
             * @description The values the message names, by name.
             */
            params?: {
                [key: string]: string | number;
            };
        };
        /** FilmPoint */
        FilmPoint: {
            /** X */
            x: number;
            /** Y */
            y: number;
        };
        /** FolderImportDetailOut */
        FolderImportDetailOut: {
            /** Id */
            id: number;
            /** Folder */
            folder: string;
            /** Status */
            status: string;
            /**
             * Files Found
             * @description None until the folder has been walked
             */
            files_found: number | null;
            /** Files Done */
            files_done: number;
            /** Created */
            created: number;
            /** Skipped */
            skipped: number;
            /** Failed */
            failed: number;
            /** Films Per Second */
            films_per_second: number | null;
            /** Error */
            error: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Failures */
            failures: components["schemas"]["ImportedFileOut"][];
            /** Skipped Files */
            skipped_files: components["schemas"]["ImportedFileOut"][];
        };
        /** FolderImportIn */
        FolderImportIn: {
            /**
             * Folder
             * @description a folder below RASHARP_IMPORT_ROOT: relative to it, or absolute inside it
             */
            folder: string;
        };
        /** FolderImportOut */
        FolderImportOut: {
            /** Id */
            id: number;
            /** Folder */
            folder: string;
            /** Status */
            status: string;
            /**
             * Files Found
             * @description None until the folder has been walked
             */
            files_found: number | null;
            /** Files Done */
            files_done: number;
            /** Created */
            created: number;
            /** Skipped */
            skipped: number;
            /** Failed */
            failed: number;
            /** Films Per Second */
            films_per_second: number | null;
            /** Error */
            error: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
        };
        /** Grade */
        Grade: {
            /**
             * Value
             * @description the current grade (the model's unless a reader changed it)
             */
            value: number | null;
            /**
             * Model
             * @description the model's grade at the joint's current position
             */
            model: number | null;
            /** Probabilities */
            probabilities: number[];
            /**
             * Uncertain
             * @description the model is unsure in a way worth a second look (rasharp.uncertainty)
             */
            uncertain: boolean;
            /** Edited */
            edited: boolean;
            /**
             * Confirmed
             * @description a reader confirmed the current grade as it is
             */
            confirmed: boolean;
            /**
             * Reviewed
             * @description confirmed or edited by a reader
             */
            reviewed: boolean;
        };
        /** GradeBetweenVisits */
        GradeBetweenVisits: {
            /** Before */
            before: number | null;
            /** After */
            after: number | null;
            /**
             * Change
             * @description after - before; null unless both are graded
             */
            change: number | null;
        };
        /** GradeChange */
        GradeChange: {
            /** Erosion */
            erosion?: number | null;
            /** Jsn */
            jsn?: number | null;
        };
        /** GradeConfirmation */
        GradeConfirmation: {
            kind: components["schemas"]["GradeKind"];
        };
        /** @enum {string} */
        GradeKind: "erosion" | "jsn";
        /** HandSideChange */
        HandSideChange: {
            /** @description the hand's true side; with two hands they swap */
            side: components["schemas"]["Side"];
        };
        /** Health */
        Health: {
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** Version */
            version: string;
            /** Database */
            database: string;
            /** Broker */
            broker: string;
            /**
             * Worker
             * @enum {string}
             */
            worker: "ok" | "down" | "unknown";
            /** Workers Alive */
            workers_alive: number;
            /**
             * Trainers Alive
             * @default 0
             */
            trainers_alive: number;
            /** Models */
            models: {
                [key: string]: string | null;
            } | null;
        };
        /** HistoryEntry */
        HistoryEntry: {
            /** Id */
            id: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** User */
            user: string;
            side: components["schemas"]["Side"] | null;
            joint: components["schemas"]["JointCode"] | null;
            /** Field */
            field: components["schemas"]["GradeKind"] | ("position" | "reset" | "pixel_spacing" | "confirm" | "details" | "side" | "deleted" | "reviewed" | "reopened" | "reanalysed");
            /** Old Value */
            old_value: {
                [key: string]: unknown;
            } | number | null;
            /** New Value */
            new_value: {
                [key: string]: unknown;
            } | number | null;
        };
        /** ImportIn */
        ImportIn: {
            /** Study Uids */
            study_uids: string[];
        };
        /** ImportOut */
        ImportOut: {
            /** Id */
            id: number;
            /** Endpoint Id */
            endpoint_id: number;
            /** Status */
            status: string;
            /** Instances Total */
            instances_total: number;
            /** Instances Done */
            instances_done: number;
            /** Imported Study Ids */
            imported_study_ids: number[];
            /** Failures */
            failures: components["schemas"]["ErrorBody"][];
            /** Error */
            error: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Finished At */
            finished_at: string | null;
        };
        /** ImportedFileOut */
        ImportedFileOut: {
            /**
             * Path
             * @description relative to the imported folder
             */
            path: string;
            /** Study Id */
            study_id: number | null;
            message: components["schemas"]["ErrorBody"] | null;
        };
        /** JointChange */
        JointChange: {
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            erosion: components["schemas"]["GradeBetweenVisits"] | null;
            /** @description null where the joint has no JSN grade */
            jsn: components["schemas"]["GradeBetweenVisits"] | null;
        };
        /** @enum {string} */
        JointCode: "IP1" | "DIP2" | "DIP3" | "DIP4" | "DIP5" | "PIP2" | "PIP3" | "PIP4" | "PIP5" | "MCP1" | "MCP2" | "MCP3" | "MCP4" | "MCP5" | "CMC1";
        /** JointOut */
        JointOut: {
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            /** Present */
            present: boolean;
            /**
             * Absent
             * @description why an absent joint is absent: cut off by the film's edge, or not found on it; null when present, or for analyses made before this was told
             */
            absent: ("outside_film" | "not_found") | null;
            /** X */
            x: number | null;
            /** Y */
            y: number | null;
            /** Box */
            box: number[] | null;
            /** Confidence */
            confidence: number;
            erosion: components["schemas"]["Grade"] | null;
            /** @description null for joints without a narrowing grade (CMC1) */
            jsn: components["schemas"]["Grade"] | null;
            /**
             * Jsw Px
             * @description joint space width in image pixels
             */
            jsw_px: number | null;
            /**
             * Jsw Mm
             * @description joint space width in millimetres
             */
            jsw_mm: number | null;
            /**
             * Jsw Mm Basis
             * @description where the millimetres apply: at the detector (ImagerPixelSpacing, magnified some 5-10%), at the anatomy (PixelSpacing), or at the spacing a reader set on the study
             */
            jsw_mm_basis: ("detector" | "anatomy" | "reader") | null;
            /**
             * Jsw Relative
             * @description joint space width / width of the bone at the joint
             */
            jsw_relative: number | null;
            /**
             * Jsw Z
             * @description z-score of jsw_mm against adult reference values
             */
            jsw_z: number | null;
            /**
             * Jsw Reason
             * @description why the width, or any of its figures, is absent
             */
            jsw_reason: string | null;
            /** Moved */
            moved: boolean;
            /**
             * Pending
             * @description true while a re-score after a move is queued
             */
            pending: boolean;
        };
        /** KappaPair */
        KappaPair: {
            /** A */
            a: string;
            /** B */
            b: string;
            /** Kappa */
            kappa: number | null;
            /** Qwk */
            qwk: number | null;
        };
        /** KindAgreement */
        KindAgreement: {
            /** Kappa Pairs */
            kappa_pairs: components["schemas"]["KappaPair"][];
            /** Fleiss Kappa */
            fleiss_kappa: number | null;
        };
        /** Liveness */
        Liveness: {
            /**
             * Status
             * @constant
             */
            status: "ok";
        };
        /** LoginRequest */
        LoginRequest: {
            /** Username */
            username: string;
            /** Password */
            password: string;
        };
        /** Me */
        Me: {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Team */
            team: string;
            /** Is Admin */
            is_admin: boolean;
            /** Disclaimer Accepted */
            disclaimer_accepted: boolean;
        };
        /** ModelAgreement */
        ModelAgreement: {
            /**
             * Against
             * @description a reader's name, or "consensus"
             */
            against: string;
            kind: components["schemas"]["GradeKind"];
            /** Qwk */
            qwk: number | null;
            /** Exact */
            exact: number | null;
            /** Within One */
            within_one: number | null;
        };
        /** ModelChangeOut */
        ModelChangeOut: {
            /**
             * Action
             * @enum {string}
             */
            action: "promoted" | "rolled_back";
            /** Version */
            version: string;
            /** Previous */
            previous: string | null;
            /** By */
            by: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
        };
        /** ModelGradeChange */
        ModelGradeChange: {
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            kind: components["schemas"]["GradeKind"];
            /**
             * Old
             * @description the grade of the model before the re-analysis
             */
            old: number | null;
            /**
             * New
             * @description the grade of the model it was re-analysed with
             */
            new: number | null;
        };
        /** ModelVersionOut */
        ModelVersionOut: {
            /** Version */
            version: string;
            /**
             * State
             * @enum {string}
             */
            state: "candidate" | "promoted" | "retired";
            /**
             * Files
             * @description file name -> SHA-256
             */
            files: {
                [key: string]: string;
            };
            /**
             * Components
             * @description each ONNX model's own version
             */
            components: {
                [key: string]: string | null;
            };
            /** Metrics */
            metrics: {
                [key: string]: unknown;
            };
            snapshot: components["schemas"]["rasharp_service__registry__router__SnapshotRef"] | null;
            /** Parent */
            parent: string | null;
            /** Registered By */
            registered_by: string | null;
            /**
             * Registered At
             * Format: date-time
             */
            registered_at: string;
            /** Promoted By */
            promoted_by: string | null;
            /** Promoted At */
            promoted_at: string | null;
        };
        /** PatientChange */
        PatientChange: {
            /** Patient Id */
            patient_id: number;
            before: components["schemas"]["Visit"];
            after: components["schemas"]["Visit"];
            /**
             * Compared Sides
             * @description the hands graded at both visits
             */
            compared_sides: components["schemas"]["Side"][];
            /** Joints */
            joints: components["schemas"]["JointChange"][];
            /** @description change of each total over the grades present at both visits */
            totals_change: components["schemas"]["Totals"];
            /** Sdc */
            sdc: number;
            /**
             * Sdc Source
             * @enum {string}
             */
            sdc_source: "default" | "site";
            /**
             * Progression
             * @description the total changed by more than the SDC
             */
            progression: boolean;
        };
        /** PatientDetail */
        PatientDetail: {
            /** Id */
            id: number;
            /** Code */
            code: string;
            /** Birth Year */
            birth_year: number | null;
            /**
             * Sex
             * @description F, M or X
             */
            sex: string | null;
            /**
             * Visits
             * @description oldest first
             */
            visits: components["schemas"]["Visit"][];
            /**
             * Sdc
             * @description smallest detectable change of the total score
             */
            sdc: number;
            /**
             * Sdc Source
             * @description site: measured in the team's reading sessions; default: RASHARP_PROGRESSION_SDC
             * @enum {string}
             */
            sdc_source: "default" | "site";
        };
        /** PatientList */
        PatientList: {
            /** Items */
            items: components["schemas"]["PatientSummary"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /**
             * Total
             * @description how many patients match, on all pages
             */
            total: number;
            /** Sdc */
            sdc: number;
            /**
             * Sdc Source
             * @enum {string}
             */
            sdc_source: "default" | "site";
        };
        /** PatientSummary */
        PatientSummary: {
            /** Id */
            id: number;
            /** Code */
            code: string;
            /** Birth Year */
            birth_year: number | null;
            /**
             * Sex
             * @description F, M or X
             */
            sex: string | null;
            /**
             * Visits
             * @description dates with an analysed study
             */
            visits: number;
            /** First Visit */
            first_visit: string | null;
            /** Last Visit */
            last_visit: string | null;
            /**
             * Latest Total
             * @description the total of the last visit
             */
            latest_total: number | null;
            /**
             * Progression
             * @description the total changed by more than the SDC from the first visit to the last
             */
            progression: boolean;
        };
        /**
         * PixelSpacingChange
         * @description Either millimetres per pixel, or a known distance between two points on the film.
         */
        PixelSpacingChange: {
            /**
             * Mm Per Pixel
             * @description typed by the reader
             */
            mm_per_pixel?: number | null;
            /**
             * Distance Mm
             * @description the true length of the line from start to end
             */
            distance_mm?: number | null;
            /** @description in image pixels */
            start?: components["schemas"]["FilmPoint"] | null;
            end?: components["schemas"]["FilmPoint"] | null;
        };
        /** PositionChange */
        PositionChange: {
            /** X */
            x: number;
            /** Y */
            y: number;
        };
        /** QueueEntry */
        QueueEntry: {
            /**
             * Item Id
             * @description the session's own id of the item, not the study's
             */
            item_id: number;
            /** Position */
            position: number;
            /** Done */
            done: boolean;
            /**
             * Patient Code
             * @description null when the session reads in random order
             */
            patient_code: string | null;
            /**
             * Visit Date
             * @description null when the session reads in random order
             */
            visit_date: string | null;
        };
        /** ReaderName */
        ReaderName: {
            /** Id */
            id: number;
            /** Name */
            name: string;
        };
        /** ReaderProgress */
        ReaderProgress: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Done */
            done: number;
            /** Total */
            total: number;
        };
        /** ResetDone */
        ResetDone: {
            /** Changed Joints */
            changed_joints: number;
        };
        /** ResetRequest */
        ResetRequest: {
            side?: components["schemas"]["Side"] | null;
            joint?: components["schemas"]["JointCode"] | null;
        };
        /**
         * ScopeWarningOut
         * @description Why the grades of this film, or of one hand, may not hold (see rasharp.scope).
         */
        ScopeWarningOut: {
            /**
             * Code
             * @enum {string}
             */
            code: "joints_not_imaged" | "partial_hand" | "not_pa_view" | "poor_exposure" | "immature_skeleton" | "burned_in_annotation";
            side: components["schemas"]["Side"] | null;
            /**
             * Params
             * @description joints_not_imaged: joints; partial_hand: graded, total; not_pa_view: span_to_phalanx; poor_exposure: problem (too_bright, too_dark or low_contrast); immature_skeleton: open, judged (joints with an open growth plate, of those measured); burned_in_annotation: none (the whole film)
             */
            params: {
                [key: string]: string | number | string[];
            };
        };
        /** SearchIn */
        SearchIn: {
            /** Patient Id */
            patient_id?: string | null;
            /** Patient Name */
            patient_name?: string | null;
            /** Date From */
            date_from?: string | null;
            /** Date To */
            date_to?: string | null;
            /** Modality */
            modality?: ("CR" | "DX") | null;
            /** Body Part */
            body_part?: string | null;
        };
        /** SendIn */
        SendIn: {
            /** Study Id */
            study_id: number;
            /**
             * Documents
             * @description sr and/or sc
             * @default [
             *       "sr",
             *       "sc"
             *     ]
             */
            documents: string[];
        };
        /** SendOut */
        SendOut: {
            /** Id */
            id: number;
            /** Study Id */
            study_id: number;
            /** Endpoint Id */
            endpoint_id: number | null;
            /** Documents */
            documents: string[];
            /** Reidentified */
            reidentified: boolean;
            /**
             * Sent At
             * Format: date-time
             */
            sent_at: string;
        };
        /** SessionCreate */
        SessionCreate: {
            /** Name */
            name: string;
            /**
             * Study Ids
             * @description the studies' ids, as text (numbers are taken too)
             */
            study_ids: string[];
            /** Reader Ids */
            reader_ids: number[];
            /**
             * Show Model Grades
             * @default false
             */
            show_model_grades: boolean;
            /**
             * Order
             * @default random
             * @enum {string}
             */
            order: "random" | "chronological";
            /**
             * Blind To Each Other
             * @default true
             */
            blind_to_each_other: boolean;
        };
        /** SessionGradeChange */
        SessionGradeChange: {
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            kind: components["schemas"]["GradeKind"];
            /** Value */
            value: number;
        };
        /** SessionItemOut */
        SessionItemOut: {
            /** Item Id */
            item_id: number;
            /** Position */
            position: number;
            /** Done */
            done: boolean;
            /** Width */
            width: number;
            /** Height */
            height: number;
            /** Patient Code */
            patient_code: string | null;
            /** Visit Date */
            visit_date: string | null;
            /** Joints */
            joints: components["schemas"]["SessionJoint"][];
        };
        /** SessionJoint */
        SessionJoint: {
            side: components["schemas"]["Side"];
            joint: components["schemas"]["JointCode"];
            /** Present */
            present: boolean;
            /** X */
            x: number | null;
            /** Y */
            y: number | null;
            /**
             * Model Erosion
             * @description null when the session hides the model
             */
            model_erosion: number | null;
            /** Model Jsn */
            model_jsn: number | null;
            /**
             * Erosion
             * @description my grade
             */
            erosion: number | null;
            /** Jsn */
            jsn: number | null;
        };
        /** SessionOut */
        SessionOut: {
            /** Id */
            id: number;
            /** Name */
            name: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Status
             * @enum {string}
             */
            status: "open" | "complete";
            /** Show Model Grades */
            show_model_grades: boolean;
            /**
             * Order
             * @enum {string}
             */
            order: "random" | "chronological";
            /** Blind To Each Other */
            blind_to_each_other: boolean;
            /** Study Count */
            study_count: number;
            /**
             * Readers
             * @description a blinded reader sees only their own entry
             */
            readers: components["schemas"]["ReaderProgress"][];
        };
        /** SessionReport */
        SessionReport: {
            /** Complete */
            complete: boolean;
            /** Readers */
            readers: components["schemas"]["ReaderName"][];
            /** Per Kind */
            per_kind: {
                [key: string]: components["schemas"]["KindAgreement"];
            };
            totals: components["schemas"]["TotalsAgreement"];
            /** Model */
            model: components["schemas"]["ModelAgreement"][];
            /** Disagreements */
            disagreements: number;
            /**
             * Adjudicated
             * @description disagreements an administrator has settled
             */
            adjudicated: number;
        };
        /** @enum {string} */
        Side: "right" | "left";
        /** SnapshotCreate */
        SnapshotCreate: {
            /** Name */
            name: string;
        };
        /** SnapshotOut */
        SnapshotOut: {
            /** Id */
            id: number;
            /** Version */
            version: number;
            /** Name */
            name: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Films */
            films: number;
            /** Readers */
            readers: number;
            /**
             * Sha256
             * @description the manifest's checksum over every file of the snapshot
             */
            sha256: string;
        };
        /** StudyCreated */
        StudyCreated: {
            /** Study Id */
            study_id: number;
            /** Status */
            status: string;
        };
        /** StudyDetail */
        StudyDetail: {
            /** Id */
            id: number;
            /**
             * Patient Id
             * @description the patient's page: /api/patients/{patient_id}
             */
            patient_id: number | null;
            /** Patient Code */
            patient_code: string | null;
            /** Original Name */
            original_name: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Visit Date */
            visit_date: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "done" | "failed";
            /**
             * Error
             * @description why the analysis failed, in English
             */
            error: string | null;
            /**
             * Error Code
             * @description the same as a code of the refusals' list (ErrorBody), for translation
             */
            error_code: string | null;
            /**
             * Error Params
             * @description the values it names
             */
            error_params: {
                [key: string]: string | number;
            };
            totals: components["schemas"]["Totals"] | null;
            /**
             * Sides
             * @description the hands found on the film, right first
             */
            sides: components["schemas"]["Side"][];
            /**
             * Grades Reviewed
             * @description grades a reader confirmed or edited
             */
            grades_reviewed: number | null;
            /**
             * Grades Total
             * @description grades the film has (null until scored)
             */
            grades_total: number | null;
            /** Patient Birth Year */
            patient_birth_year: number | null;
            /** Patient Sex */
            patient_sex: ("F" | "M" | "X") | null;
            /** Requested Side */
            requested_side: string;
            /** Format */
            format: string;
            /** Width */
            width: number;
            /** Height */
            height: number;
            /**
             * Pixel Spacing Mm
             * @description the film's own, from its DICOM header
             */
            pixel_spacing_mm: number | null;
            /**
             * Reader Pixel Spacing Mm
             * @description set by a reader on this study; outranks the film's own for widths in mm
             */
            reader_pixel_spacing_mm: number | null;
            /**
             * Models
             * @description each model's version, and the model registry's version ('registry')
             */
            models: {
                [key: string]: string | null;
            };
            /**
             * Model Changes
             * @description the model grades the last re-analysis changed (readers' grades stay)
             */
            model_changes: components["schemas"]["ModelGradeChange"][];
            /** Timings Ms */
            timings_ms: {
                [key: string]: number;
            };
            /** Queued At */
            queued_at: string | null;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Hands */
            hands: {
                [key: string]: unknown;
            }[];
            /**
             * Warnings
             * @description why the grades may not hold: out of the grader's scope
             */
            warnings: components["schemas"]["ScopeWarningOut"][];
            /** Joints */
            joints: components["schemas"]["JointOut"][];
            /** Heatmaps */
            heatmaps: string[];
            /**
             * Reviewed At
             * @description when a reader marked the study reviewed: grades and positions final
             */
            reviewed_at: string | null;
            /** Reviewed By */
            reviewed_by: string | null;
        };
        /**
         * StudyDetailsChange
         * @description Only the fields sent change; null empties a field.
         */
        StudyDetailsChange: {
            /** Patient Code */
            patient_code?: string | null;
            /** Birth Year */
            birth_year?: number | null;
            /** Sex */
            sex?: ("F" | "M" | "X") | null;
            /**
             * Visit Date
             * @description when the film was taken
             */
            visit_date?: string | null;
        };
        /** StudyFoundOut */
        StudyFoundOut: {
            /** Study Uid */
            study_uid: string;
            /** Patient Id */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Study Date */
            study_date: string | null;
            /** Description */
            description: string;
            /** Modalities */
            modalities: string[];
            /** Instances */
            instances: number | null;
        };
        /** StudyList */
        StudyList: {
            /** Items */
            items: components["schemas"]["StudySummary"][];
            /** Limit */
            limit: number;
            /** Offset */
            offset: number;
            /**
             * Total
             * @description how many studies match, on all pages
             */
            total: number;
        };
        /** StudySummary */
        StudySummary: {
            /** Id */
            id: number;
            /**
             * Patient Id
             * @description the patient's page: /api/patients/{patient_id}
             */
            patient_id: number | null;
            /** Patient Code */
            patient_code: string | null;
            /** Original Name */
            original_name: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Visit Date */
            visit_date: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "done" | "failed";
            /**
             * Error
             * @description why the analysis failed, in English
             */
            error: string | null;
            /**
             * Error Code
             * @description the same as a code of the refusals' list (ErrorBody), for translation
             */
            error_code: string | null;
            /**
             * Error Params
             * @description the values it names
             */
            error_params: {
                [key: string]: string | number;
            };
            totals: components["schemas"]["Totals"] | null;
            /**
             * Sides
             * @description the hands found on the film, right first
             */
            sides: components["schemas"]["Side"][];
            /**
             * Grades Reviewed
             * @description grades a reader confirmed or edited
             */
            grades_reviewed: number | null;
            /**
             * Grades Total
             * @description grades the film has (null until scored)
             */
            grades_total: number | null;
        };
        /** Totals */
        Totals: {
            /** Erosion */
            erosion: number;
            /** Jsn */
            jsn: number;
            /** Total */
            total: number;
            /** Svdh Erosion */
            svdh_erosion: number;
            /** Svdh Jsn */
            svdh_jsn: number;
            /** Svdh Total */
            svdh_total: number;
        };
        /** TotalsAgreement */
        TotalsAgreement: {
            /** Icc 2 1 */
            icc_2_1: number | null;
            /** Bland Altman */
            bland_altman: components["schemas"]["BlandAltmanPair"][];
            /**
             * Sdc Of Change
             * @description smallest detectable change of the total; null without two visits of a patient
             */
            sdc_of_change: number | null;
        };
        /** TrainingConfig */
        TrainingConfig: {
            /** Steps */
            steps: number;
            /** Localizer */
            localizer: boolean;
            /** Time Limit S */
            time_limit_s: number | null;
        };
        /** TrainingProgress */
        TrainingProgress: {
            /**
             * Phase
             * @description preparing, training, evaluating, exporting
             */
            phase?: string | null;
            /** Step */
            step?: number | null;
            /** Total */
            total?: number | null;
            /** Loss */
            loss?: number | null;
            /** Validation */
            validation?: {
                [key: string]: number | null;
            } | null;
            /**
             * Eta S
             * @description estimated seconds left
             */
            eta_s?: number | null;
            /** Updated At */
            updated_at?: string | null;
        };
        /** TrainingRunCreate */
        TrainingRunCreate: {
            /**
             * Snapshot Id
             * @description a dataset snapshot of your team
             */
            snapshot_id: number;
            /**
             * Steps
             * @description optimiser steps of the grader
             * @default 600
             */
            steps: number;
            /**
             * Localizer
             * @description also fine-tune the localizer
             * @default false
             */
            localizer: boolean;
            /**
             * Time Limit S
             * @description stop training early after this long
             */
            time_limit_s?: number | null;
        };
        /** TrainingRunOut */
        TrainingRunOut: {
            /** Id */
            id: number;
            /**
             * State
             * @enum {string}
             */
            state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            snapshot: components["schemas"]["rasharp_service__training__router__SnapshotRef"];
            /** Base Version */
            base_version: string;
            config: components["schemas"]["TrainingConfig"];
            progress: components["schemas"]["TrainingProgress"];
            /**
             * Report
             * @description the evaluation: candidate and in-use metrics
             */
            report: {
                [key: string]: unknown;
            } | null;
            /** Candidate Version */
            candidate_version: string | null;
            /** Candidate State */
            candidate_state: ("candidate" | "promoted" | "retired") | null;
            /** Error */
            error: string | null;
            /** Started By */
            started_by: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Cancel Requested */
            cancel_requested: boolean;
        };
        /** UserCreate */
        UserCreate: {
            /** Username */
            username: string;
            /** Password */
            password: string;
            /**
             * Team
             * @default default
             */
            team: string;
            /**
             * Is Admin
             * @default false
             */
            is_admin: boolean;
        };
        /** UserOut */
        UserOut: {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Team */
            team: string;
            /** Is Admin */
            is_admin: boolean;
            /** Is Active */
            is_active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** UserUpdate */
        UserUpdate: {
            /** Password */
            password?: string | null;
            /** Team */
            team?: string | null;
            /** Is Admin */
            is_admin?: boolean | null;
            /** Is Active */
            is_active?: boolean | null;
        };
        /** Visit */
        Visit: {
            /**
             * Date
             * Format: date
             */
            date: string;
            /**
             * Date Source
             * @description the least sure of its hands' date sources
             * @enum {string}
             */
            date_source: "visit_date" | "dicom" | "upload";
            /**
             * Hands
             * @description one analysed study per hand, right first
             */
            hands: components["schemas"]["VisitHand"][];
            totals: components["schemas"]["Totals"];
            /**
             * Edited
             * @description a reader changed some grades of this visit
             */
            edited: boolean;
        };
        /** VisitHand */
        VisitHand: {
            side: components["schemas"]["Side"];
            /** Study Id */
            study_id: number;
            /**
             * Date Source
             * @description how the date is known: the visit date a reader gave the study, the film's DICOM StudyDate, or (neither known) the upload day
             * @enum {string}
             */
            date_source: "visit_date" | "dicom" | "upload";
            /**
             * Edited
             * @description a reader changed some of this hand's grades
             */
            edited: boolean;
        };
        /** SnapshotRef */
        rasharp_service__registry__router__SnapshotRef: {
            /** Id */
            id: number;
            /** Version */
            version: number;
            /** Name */
            name: string;
        };
        /** SnapshotRef */
        rasharp_service__training__router__SnapshotRef: {
            /** Id */
            id: number;
            /** Version */
            version: number;
            /** Name */
            name: string;
            /** Films */
            films: number;
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
    "health-live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
                    "application/json": components["schemas"]["Liveness"];
                };
            };
        };
    };
    "health-health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description a part of the service is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    "auth-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Wrong username or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many failed sign-ins: wait Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "auth-logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "auth-me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "disclaimer-get_disclaimer": {
        parameters: {
            query?: {
                /** @description The language of the text. */
                lang?: "en" | "ru";
            };
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Disclaimer"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "disclaimer-accept_disclaimer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DisclaimerAcceptance"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Disclaimer"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-list_studies": {
        parameters: {
            query?: {
                /** @description part of the patient code, any case */
                patient_code?: string | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyList"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-create_study": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_studies-create_study"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyCreated"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-create_studies_from_archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_studies-create_studies_from_archive"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArchiveCreated"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-study_events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-get_study": {
        parameters: {
            query?: never;
            header?: {
                "if-none-match"?: string | null;
            };
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Not modified since the version in If-None-Match */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-delete_study": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-edit_study_details": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StudyDetailsChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-set_hand_side": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                side: "right" | "left";
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HandSideChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-edit_joint_grades": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                side: "right" | "left";
                joint: "IP1" | "DIP2" | "DIP3" | "DIP4" | "DIP5" | "PIP2" | "PIP3" | "PIP4" | "PIP5" | "MCP1" | "MCP2" | "MCP3" | "MCP4" | "MCP5" | "CMC1";
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GradeChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JointOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-confirm_joint_grade": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                side: "right" | "left";
                joint: "IP1" | "DIP2" | "DIP3" | "DIP4" | "DIP5" | "PIP2" | "PIP3" | "PIP4" | "PIP5" | "MCP1" | "MCP2" | "MCP3" | "MCP4" | "MCP5" | "CMC1";
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GradeConfirmation"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JointOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-move_joint": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                side: "right" | "left";
                joint: "IP1" | "DIP2" | "DIP3" | "DIP4" | "DIP5" | "PIP2" | "PIP3" | "PIP4" | "PIP5" | "MCP1" | "MCP2" | "MCP3" | "MCP4" | "MCP5" | "CMC1";
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PositionChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JointOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-set_pixel_spacing": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PixelSpacingChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-clear_pixel_spacing": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-mark_reviewed": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-reopen": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-reanalyse": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-reset_study": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ResetRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetDone"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-study_history": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryEntry"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-study_image": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "studies-study_heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: string;
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "exports-export_csv": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "exports-export_pdf": {
        parameters: {
            query?: {
                /** @description The report's language; without it, the first of Accept-Language it speaks. */
                lang?: ("en" | "ru") | null;
            };
            header?: never;
            path: {
                study_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "exports-export_cohort_csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "patients-list_patients": {
        parameters: {
            query?: {
                /** @description part of the patient code, any case */
                code?: string | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientList"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "patients-patient_detail": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientDetail"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "patients-patient_change": {
        parameters: {
            query: {
                /** @description the earlier visit's date */
                from: string;
                /** @description a visit's date, YYYY-MM-DD */
                to: string;
            };
            header?: never;
            path: {
                patient_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientChange"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "users-list_users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "users-create_user": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "users-update_user": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-list_sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-create_session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-get_session": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-my_queue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueEntry"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-my_item": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionItemOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-item_image": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-grade_joint": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionGradeChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionJoint"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-mark_done": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueEntry"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-reopen": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueEntry"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-session_report": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionReport"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-session_report_csv": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-session_report_pdf": {
        parameters: {
            query?: {
                /** @description the report's language */
                lang?: ("en" | "ru") | null;
            };
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-session_reads_csv": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-disagreements": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Disagreement"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "reading-sessions-adjudicate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdjudicationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Disagreement"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "audit-audit_events": {
        parameters: {
            query?: {
                study_id?: number | null;
                user_id?: number | null;
                action?: ("opened" | "exported" | "sent" | "imported" | "training_started") | null;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "datasets-list_snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SnapshotOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "datasets-create_snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SnapshotCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SnapshotOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "datasets-download_snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                snapshot_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": unknown;
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-list_endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-create_endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-update_endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-delete_endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-test_endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTest"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-search_studies": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudyFoundOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-start_import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-get_import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                import_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "pacs-send_results": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "models-list_versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "models-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelChangeOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "models-promote": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "models-roll_back": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "folder-imports-list_imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FolderImportOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "folder-imports-start_import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FolderImportIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FolderImportOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "folder-imports-get_import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                import_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FolderImportDetailOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "training-list_runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRunOut"][];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "training-start_run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrainingRunCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRunOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "training-get_run": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRunOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "training-cancel_run": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: number;
            };
            cookie?: {
                rasharp_session?: string | null;
            };
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRunOut"];
                };
            };
            /** @description Refused: what is wrong and what is accepted */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The service cannot answer just now */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
