import SettleModuleSDK

/// The metering store's schema, forward-only (never edit a shipped migration; append one).
///
/// Dates are local day numbers (days since 1970-01-01 in the utility's zone); instants are
/// UTC seconds; quantities are integers (register units, or thousandths of a unit); ratios
/// are integer millionths. Hot tables (reads, interval days) are WITHOUT ROWID on their
/// natural key and carry no foreign keys, so bulk imports insert one B-tree entry per row.
enum MeteringMigrations {
    static let all: [StoreMigration] = [meters, reads, vee, veeRules]

    static let meters = StoreMigration(id: "metering.0001-create-meters", sql: """
        CREATE TABLE meter (
            id INTEGER PRIMARY KEY,
            serial TEXT NOT NULL UNIQUE,
            service_type TEXT NOT NULL,
            kind TEXT NOT NULL,
            dials INTEGER NOT NULL,
            ct_ratio_micros INTEGER NOT NULL,
            pt_ratio_micros INTEGER NOT NULL,
            register_constant_micros INTEGER NOT NULL,
            multiplier_micros INTEGER NOT NULL,
            channels INTEGER NOT NULL,
            tou_capable INTEGER NOT NULL,
            form TEXT NOT NULL,
            service_amps INTEGER NOT NULL,
            size TEXT NOT NULL,
            interval_minutes INTEGER NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE meter_install (
            id INTEGER PRIMARY KEY,
            meter_id INTEGER NOT NULL REFERENCES meter(id),
            premise_id TEXT NOT NULL,
            service_type TEXT NOT NULL,
            installed_on INTEGER NOT NULL,
            removed_on INTEGER
        );
        CREATE INDEX meter_install_by_premise ON meter_install(premise_id, service_type, installed_on);
        CREATE INDEX meter_install_by_meter ON meter_install(meter_id, installed_on);
        CREATE TABLE read_request (
            id INTEGER PRIMARY KEY,
            premise_id TEXT NOT NULL,
            service_type TEXT NOT NULL,
            meter_id INTEGER,
            day INTEGER NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL
        );
        CREATE INDEX read_request_open ON read_request(status, meter_id, day);
        CREATE INDEX read_request_by_premise ON read_request(premise_id, service_type, status);
        CREATE TABLE rate_requirement (
            rate_schedule TEXT PRIMARY KEY,
            needs_tou INTEGER NOT NULL,
            needs_received INTEGER NOT NULL,
            needs_demand INTEGER NOT NULL
        );
        """)

    static let reads = StoreMigration(id: "metering.0002-create-reads", sql: """
        CREATE TABLE register_read (
            meter_id INTEGER NOT NULL,
            channel INTEGER NOT NULL,
            read_at INTEGER NOT NULL,
            value INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            import_id INTEGER NOT NULL DEFAULT 0,
            original_value INTEGER,
            PRIMARY KEY (meter_id, channel, read_at)
        ) WITHOUT ROWID;
        CREATE TABLE interval_day (
            meter_id INTEGER NOT NULL,
            channel INTEGER NOT NULL,
            day INTEGER NOT NULL,
            minutes INTEGER NOT NULL,
            slots INTEGER NOT NULL,
            present INTEGER NOT NULL,
            estimated INTEGER NOT NULL,
            total INTEGER NOT NULL,
            max_value INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (meter_id, channel, day)
        ) WITHOUT ROWID;
        CREATE TABLE read_import (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            register_reads INTEGER NOT NULL,
            interval_values INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """)

    static let vee = StoreMigration(id: "metering.0003-create-vee", sql: """
        CREATE TABLE vee_threshold (
            rate_class TEXT PRIMARY KEY,
            high_use_percent INTEGER NOT NULL,
            low_use_percent INTEGER NOT NULL,
            min_history_wh INTEGER NOT NULL,
            min_period_days INTEGER NOT NULL,
            max_period_days INTEGER NOT NULL,
            read_window_days INTEGER NOT NULL,
            max_load_factor_percent INTEGER NOT NULL,
            interval_register_tolerance_permille INTEGER NOT NULL,
            spike_factor INTEGER NOT NULL,
            spike_min_wh INTEGER NOT NULL,
            vacant_use_wh INTEGER NOT NULL,
            short_gap_intervals INTEGER NOT NULL,
            rollover_max_percent INTEGER NOT NULL
        );
        CREATE TABLE read_schedule (
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            read_day INTEGER NOT NULL,
            PRIMARY KEY (cycle, period)
        );
        CREATE TABLE vee_run (
            id INTEGER PRIMARY KEY,
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            read_day INTEGER NOT NULL,
            agreements INTEGER NOT NULL,
            exceptions INTEGER NOT NULL,
            held INTEGER NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE billing_period (
            agreement_id INTEGER NOT NULL,
            period TEXT NOT NULL,
            cycle INTEGER NOT NULL,
            account_number TEXT NOT NULL,
            premise_id TEXT NOT NULL,
            service_type TEXT NOT NULL,
            rate_schedule TEXT NOT NULL,
            rate_class TEXT NOT NULL,
            start_at INTEGER,
            end_at INTEGER,
            consumption INTEGER,
            run_id INTEGER NOT NULL,
            PRIMARY KEY (agreement_id, period)
        );
        CREATE INDEX billing_period_by_cycle ON billing_period(cycle, period);
        CREATE TABLE vee_exception (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            agreement_id INTEGER NOT NULL,
            account_number TEXT NOT NULL,
            premise_id TEXT NOT NULL,
            service_type TEXT NOT NULL,
            meter_id INTEGER,
            meter_serial TEXT NOT NULL,
            rate_class TEXT NOT NULL,
            type TEXT NOT NULL,
            blocking INTEGER NOT NULL,
            measured TEXT NOT NULL,
            compared_with TEXT NOT NULL,
            root_cause TEXT NOT NULL,
            action TEXT NOT NULL,
            measured_value INTEGER NOT NULL,
            compared_value INTEGER NOT NULL,
            estimates BLOB,
            channel INTEGER NOT NULL,
            read_at INTEGER,
            start_at INTEGER,
            status TEXT NOT NULL DEFAULT 'open',
            resolution TEXT NOT NULL DEFAULT '',
            resolved_by TEXT NOT NULL DEFAULT '',
            resolved_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX vee_exception_by_cycle ON vee_exception(cycle, period, status);
        CREATE INDEX vee_exception_by_agreement ON vee_exception(agreement_id, period);
        """)
}
