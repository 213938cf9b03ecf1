"""The statements of GUIDEBOOK.md, section by section, with what answers each.

Ids are ``GB<section>-<nn>``; section 0 is the page's introduction. Add a statement when
GUIDEBOOK.md gains a requirement (a test fails until every requirement line is quoted).
"""

from __future__ import annotations

from privacam.policy.coverage.model import Statement

_T = "tests/policy/test_notice.py::"
_RET = "tests/store/test_retention.py::"
_BATCH = "tests/runtime/batch/test_run.py::"
_NO_PIXELS = "tests/runtime/test_no_pixels.py::test_no_written_file_holds_camera_pixels"
_PW = "tests/policy/test_purpose_wording_checks.py::"
_MIN = "tests/policy/test_minimum_data_checks.py::"
_ATT = "tests/policy/test_attested.py::"
_CIT = "tests/policy/test_citations.py::"
_FR = "tests/policy/test_face_recognition.py::"
_BEFORE = "tests/runtime/test_before_capture.py::"
_OUT = "tests/runtime/test_output_files.py::"
_EXP = "tests/store/test_export_purpose.py::"
_VAULT = "tests/store/test_vault.py::"
_ATTR = "tests/cases/test_attributes.py::"
_REP = "tests/cases/test_repeat.py::"
_REPR = "tests/policy/test_repeat_rules.py::"
_ISSUE_FACES = 12  # cases ① and ③, the vault, rights and incidents
_INC = "tests/policy/test_incidents.py::"
_INCR = "tests/rights/test_incidents.py::"
_PHOTO = "tests/rights/test_by_photo.py::"
_VAULTR = "tests/rights/test_photo_requests_on_the_vault.py::"
_ISSUE_SERVER = 10  # privacam serve: public pages and request forms
_CONG = "tests/server/test_congestion.py::"

STATEMENTS: tuple[Statement, ...] = (
    # ------------------------------------------------------------------ introduction
    Statement(
        "GB0-01",
        "for businesses (事業者) that use camera images for purposes *other than* crime "
        "prevention or identifying specific people",
        "covered",
        rules=("PUR-002",),
        tests=(
            _PW + "test_a_purpose_identifying_specific_people_is_out_of_scope",
            _PW + "test_a_purpose_promising_not_to_identify_people_is_in_scope",
        ),
    ),
    Statement(
        "GB0-02",
        "the **operator (運用実施主体)** who sets the purpose and is accountable",
        "covered",
        rules=("ACC-002",),
        notice=("sign.operator", "web.operator"),
        tests=(
            _ATT + "test_a_corporation_without_its_representative_is_an_error",
            _ATT + "test_the_web_notice_shows_the_operators_representative",
        ),
    ),
    # ------------------------------------------------------------------ §1 principles
    Statement(
        "GB1-01",
        "the aim is mutual understanding and trust (相互理解・信頼関係) with the people captured",
        "covered",
        rules=("ACC-001", "NOT-003"),
        notice=("sign.contact", "web.contact", "web.announcement"),
        note="Trust is built by telling people before capture and answering them: the "
        "prior announcement, the sign and the inquiry point.",
    ),
    Statement(
        "GB1-02",
        "their privacy and portrait rights (肖像権) must not be harmed",
        "human_attested",
        rules=("ATT-005",),
        tests=(
            _ATT + "test_a_justification_silent_on_portrait_rights_or_capture_warns",
            _ATT + "test_the_assessment_shows_where_portrait_rights_and_capture_are_covered",
        ),
        fields=("justification.portrait_rights",),
    ),
    Statement(
        "GB1-03",
        "Capture itself can infringe privacy, even when no image is ever published.",
        "human_attested",
        rules=("ATT-005",),
        tests=(
            _ATT + "test_a_justification_silent_on_portrait_rights_or_capture_warns",
            _ATT + "test_the_assessment_shows_where_portrait_rights_and_capture_are_covered",
        ),
        fields=("justification.capture_itself",),
    ),
    Statement(
        "GB1-04",
        "One named operator is accountable",
        "covered",
        rules=("ACC-002",),
        notice=("sign.operator", "web.operator"),
    ),
    Statement(
        "GB1-05",
        "one inquiry point (問い合わせ窓口) answers the public",
        "covered",
        rules=("ACC-001",),
        notice=("sign.contact", "web.contact"),
    ),
    Statement(
        "GB1-06",
        "front-line staff can point to it",
        "human_attested",
        rules=("ATT-001",),
        tests=(_ATT + "test_an_inquiry_point_without_a_staff_briefing_warns",),
        fields=("inquiry.staff_briefing",),
    ),
    Statement(
        "GB1-07",
        "The purpose is legitimate (正当), the capture is necessary (必要), and the means "
        "are proportionate (相当)",
        "covered",
        rules=("PUR-003", "PUR-004"),
    ),
    Statement(
        "GB1-08",
        "field of view, resolution, what is computed, how long it is kept",
        "covered",
        rules=("PUR-009", "PUR-010"),
        tests=(
            "tests/policy/test_proportionality_checks.py::test_a_proportionality_text_naming_none_of_the_four_means_is_warned",
            "tests/policy/test_proportionality_checks.py::test_a_camera_above_what_its_case_needs_is_warned_with_the_need",
        ),
    ),
    Statement(
        "GB1-09",
        "The operator documents all three before capture.",
        "covered",
        rules=("PUR-004",),
        tests=(
            _BEFORE + "test_run_refuses_a_justification_written_after_the_period_started",
            _BEFORE + "test_run_refuses_an_approval_dated_after_the_period_started",
            _BEFORE + "test_run_captures_when_justification_and_sign_off_predate_the_period",
        ),
    ),
    Statement(
        "GB1-10",
        "The wider the time and space over which one person's data is linked, the higher the "
        "privacy impact (repeat analysis > flow lines > counts).",
        "covered",
        rules=("CAS-017",),
        tests=(
            "tests/policy/test_assess.py::test_repeat_register_has_its_specific_risks_and_counting_does_not",
        ),
    ),
    Statement(
        "GB1-11",
        "No inference of the most private matters: race, creed/religion, health, emotions "
        "or inner state (要配慮個人情報 and 内心).",
        "covered",
        rules=("PUR-006",),
        tests=(
            "tests/policy/test_checks.py::test_race_in_inferred_attributes_is_an_error",
            _PW + "test_a_sensitive_attribute_however_written_is_named_sensitive",
            _PW + "test_an_inference_written_only_in_a_purpose_is_an_error",
        ),
    ),
    Statement(
        "GB1-12",
        "Public (道路, 公的施設) and semi-public spaces (駅, 通路, 店頭) are hard to avoid, so "
        "they need a stronger written justification.",
        "covered",
        rules=("PUR-003", "PUR-005"),
        tests=(
            "tests/policy/test_checks.py::test_public_space_without_justification_is_an_error_private_only_a_warning",
        ),
    ),
    Statement(
        "GB1-13",
        "the operator's leadership commits to privacy",
        "human_attested",
        rules=("ACC-007",),
        tests=(_ATT + "test_the_assessments_signoff_shows_each_attestation",),
        fields=("signoff.approved_by",),
    ),
    Statement(
        "GB1-14",
        "a privacy officer and organisation carry it",
        "covered",
        rules=("ACC-003", "SEC-001"),
    ),
    Statement(
        "GB1-15",
        "the operator talks with the people affected",
        "covered",
        rules=("ACC-001", "NOT-003", "NOT-005"),
        notice=("web.contact", "web.requests"),
    ),
    Statement(
        "GB1-16",
        "Re-evaluate when law, social context or technology change (agile governance)",
        "human_attested",
        rules=("ATT-002", "ACC-005"),
        tests=(
            _ATT + "test_a_review_that_does_not_say_what_changed_warns_but_the_file_still_loads",
            _ATT + "test_review_changes_name_law_society_and_technology",
        ),
        fields=("review.log.changes",),
    ),
    Statement(
        "GB1-17",
        "keep a dated review log",
        "covered",
        rules=("ACC-005", "ACC-006"),
        notice=("web.review",),
    ),
    Statement(
        "GB1-18",
        "Images are personal information (個人情報) when captured, even if deleted at once",
        "covered",
        rules=("DAT-004",),
        tests=(_CIT + "test_rule_cites_its_corrected_basis",),
    ),
    Statement(
        "GB1-19",
        "face feature data used to recognise a person is a 個人識別符号 and so personal "
        "information",
        "covered",
        rules=("DAT-004",),
    ),
    Statement(
        "GB1-20",
        "counts and attribute tallies without identifiers are statistics (統計情報), not "
        "personal information",
        "covered",
        rules=("DAT-004",),
        notice=("web.classes",),
    ),
    # ------------------------------------------------------------------ §2 stages
    Statement(
        "GB2-01",
        "**Plan**: purpose, operator, necessity/proportionality, data lifecycle.",
        "covered",
        rules=("PUR-001", "ACC-002", "PUR-004", "PUR-008"),
    ),
    Statement(
        "GB2-02",
        "**Design**: generate the minimum data",
        "covered",
        rules=("PUR-007", "PUR-008", "DAT-008"),
        tests=(
            _MIN + "test_a_counting_file_keeping_face_crops_is_an_error",
            _MIN + "test_a_counting_file_keeping_trajectories_is_an_error",
        ),
    ),
    Statement(
        "GB2-03",
        "process at the edge or in memory",
        "covered",
        rules=("DAT-001", "HAN-007"),
        tests=(_NO_PIXELS,),
    ),
    Statement(
        "GB2-04",
        "delete raw images in code as soon as the purpose allows",
        "covered",
        rules=("DAT-001",),
        tests=(_NO_PIXELS, _BATCH + "test_no_unmasked_pixel_is_written"),
    ),
    Statement(
        "GB2-05",
        "retention per data class",
        "covered",
        rules=("DAT-002", "DAT-004"),
        notice=("web.retention",),
        tests=(_RET + "test_sweep_deletes_what_expired_per_kind_and_audits_it",),
    ),
    Statement(
        "GB2-06",
        "access control and logging",
        "covered",
        rules=("SEC-006",),
        tests=(
            _ATT + "test_a_store_of_personal_data_without_declared_access_is_an_error",
            "tests/runtime/test_store_permissions.py::test_run_narrows_a_store_others_can_read_and_its_wal_and_shm_and_audits_it",
            "tests/store/test_permissions.py::test_a_new_store_and_its_wal_and_shm_are_readable_by_their_owner_only",
            "tests/store/test_audit.py::test_an_intact_chain_verifies_and_its_head_is_beside_the_database",
            "tests/store/test_audit.py::test_a_truncated_chain_is_caught_by_the_head_file",
        ),
    ),
    Statement(
        "GB2-07",
        "cloud use known and declared",
        "covered",
        rules=("HAN-005",),
        notice=("web.processing",),
        tests=(_T + "test_cloud_processing_names_countries_and_their_regimes",),
    ),
    Statement(
        "GB2-08",
        "**Prior announcement**: before capture starts, publish the purpose and operator "
        "(web page, press release).",
        "covered",
        rules=("NOT-003", "CAS-008"),
        notice=("web.announcement",),
    ),
    Statement(
        "GB2-09",
        "**Capture**: the on-site notice (below) is visible before a person enters the "
        "captured area.",
        "covered",
        rules=("NOT-001", "NOT-004", "NOT-006", "NOT-007"),
    ),
    Statement(
        "GB2-10",
        "**Handling**: use only for the announced purpose",
        "covered",
        rules=("PUR-001", "ATT-004"),
        tests=(
            _EXP + "test_an_export_records_the_purpose_it_serves",
            _EXP + "test_an_export_for_a_purpose_the_file_does_not_announce_is_refused",
        ),
        fields=("signoff.attests_exports_within_purposes",),
    ),
    Statement(
        "GB2-11",
        "no linking to member or purchase data without consent",
        "covered",
        rules=("HAN-003",),
    ),
    Statement(
        "GB2-12",
        "no third-party provision except statistics",
        "covered",
        rules=("HAN-001", "HAN-002", "HAN-004", "HAN-008"),
        notice=("web.third-party",),
        tests=(
            "tests/store/test_export.py::test_published_export_suppresses_small_cells",
            "tests/store/test_export.py::test_personal_data_and_runs_are_never_published",
        ),
    ),
    Statement(
        "GB2-13",
        "at expiry delete or reduce to statistics",
        "covered",
        rules=("DAT-006",),
        tests=(
            _RET + "test_expired_trajectories_are_aggregated_then_deleted",
            _RET + "test_purged_rows_leave_no_residue_in_the_sqlite_files",
        ),
    ),
    Statement(
        "GB2-14",
        "**Management**: security measures",
        "covered",
        rules=("SEC-001", "SEC-002", "SEC-003", "SEC-004"),
        notice=("web.security",),
    ),
    Statement(
        "GB2-15",
        "supervision of contractors",
        "covered",
        rules=("ACC-008",),
        notice=("web.contractors",),
    ),
    Statement(
        "GB2-16",
        "deletion on schedule",
        "covered",
        tests=(
            _RET + "test_sweep_deletes_what_expired_per_kind_and_audits_it",
            "tests/runtime/test_journal.py::test_the_sweeper_runs_at_start_and_then_every_interval",
            "tests/store/test_quarantine.py::test_expired_entries_are_shredded",
            _OUT + "test_purge_deletes_masked_outputs_past_their_retention_with_their_manifests",
            _OUT
            + "test_purge_deletes_heatmap_pngs_whose_window_expired_in_every_run_output_folder",
            _OUT + "test_purge_never_deletes_a_file_that_is_not_privacams_output",
        ),
    ),
    Statement(
        "GB2-17",
        "periodic review",
        "covered",
        rules=("ACC-005", "ACC-006"),
        tests=("tests/policy/test_checks.py::test_review_date_falls_due_with_the_frozen_clock",),
    ),
    Statement(
        "GB2-18",
        "staff able to answer questions",
        "human_attested",
        rules=("ATT-001",),
        tests=(_ATT + "test_an_inquiry_point_without_a_staff_briefing_warns",),
        fields=("inquiry.staff_briefing",),
    ),
    # ------------------------------------------------------------------ §3 the notice
    Statement(
        "GB3-01",
        "that a camera is operating (カメラ作動中), with a camera pictogram",
        "covered",
        notice=("sign.title",),
        tests=(
            _T + "test_a4_sign_carries_the_six_items",
            "tests/policy/test_notice_pictogram.py::test_a4_a3_and_label_pages_of_the_sign_carry_the_camera_pictogram",
        ),
    ),
    Statement(
        "GB3-02",
        "the operator's name (運用実施主体)",
        "covered",
        rules=("ACC-002",),
        notice=("sign.operator",),
        tests=(_T + "test_a4_sign_carries_the_six_items",),
    ),
    Statement(
        "GB3-03",
        "what is captured and what is generated from it (e.g. 顔画像→年齢・性別の推定, 特徴量)",
        "covered",
        rules=("CAS-016", "PUR-008"),
        notice=("sign.captured", "sign.generated"),
        tests=(
            _T + "test_a4_sign_carries_the_six_items",
            _MIN + "test_a_repeat_purpose_estimating_age_and_gender_undeclared_is_warned",
        ),
    ),
    Statement(
        "GB3-04",
        "the purpose (利用目的)",
        "covered",
        rules=("PUR-001",),
        notice=("sign.purposes", "web.purposes"),
        tests=(_T + "test_many_purposes_are_all_on_the_sign_or_the_sign_is_refused",),
    ),
    Statement(
        "GB3-05",
        "stating plainly when face recognition is used",
        "covered",
        rules=("CAS-002", "PUR-015"),
        notice=("sign.face_recognition",),
        tests=(
            _T + "test_face_recognition_is_stated_on_sign_and_web_only_when_used",
            _FR + "test_notice_and_check_read_one_answer_about_face_recognition",
            _FR + "test_face_recognition_in_a_counting_purpose_is_stated_on_sign_and_web",
            _FR + "test_a_counting_purpose_describing_face_recognition_is_an_error",
        ),
    ),
    Statement(
        "GB3-06",
        "the contact point (問い合わせ先)",
        "covered",
        rules=("ACC-001",),
        notice=("sign.contact",),
        tests=(_T + "test_a4_sign_carries_the_six_items",),
    ),
    Statement(
        "GB3-07",
        "where the full notice is (URL and QR code)",
        "covered",
        rules=("NOT-002",),
        notice=("sign.url",),
        tests=(
            _T + "test_qr_code_on_the_sign_decodes_to_the_notice_url",
            _T + "test_qr_symbol_is_at_least_40_mm_on_a4",
        ),
    ),
    Statement(
        "GB3-08",
        "The full notice (web page) adds: retention period (保存期間)",
        "covered",
        notice=("web.retention",),
        tests=(_T + "test_web_notice_carries_every_item",),
    ),
    Statement(
        "GB3-09",
        "whether data goes to third parties or is jointly used",
        "covered",
        rules=("HAN-002",),
        notice=("web.third-party",),
        tests=(_T + "test_counting_notice_names_the_third_party_and_publication",),
    ),
    Statement(
        "GB3-10",
        "security measures (安全管理措置) including foreign-country handling (外的環境の把握: "
        "country names and their regimes when a cloud stores data abroad)",
        "covered",
        rules=("SEC-001", "HAN-006"),
        notice=("web.security",),
        tests=(_T + "test_cloud_processing_names_countries_and_their_regimes",),
    ),
    Statement(
        "GB3-11",
        "installation place and field of view",
        "covered",
        notice=("web.cameras",),
        tests=(_T + "test_web_notice_carries_every_item",),
    ),
    Statement(
        "GB3-12",
        "period of operation",
        "covered",
        rules=("DAT-007",),
        notice=("web.period",),
        tests=(_T + "test_web_notice_carries_every_item",),
    ),
    Statement(
        "GB3-13",
        "how to make disclosure / stop-use / deletion requests",
        "covered",
        rules=("NOT-005",),
        notice=("web.requests",),
        tests=(_T + "test_web_notice_carries_every_item",),
    ),
    Statement(
        "GB3-14",
        "A small sign may carry purpose, contact and URL/QR, with the rest online.",
        "covered",
        tests=(_T + "test_label_carries_purpose_contact_and_url",),
    ),
    # ------------------------------------------------------------------ §4 the six cases
    Statement(
        "GB4-01",
        "store, attribute estimation (属性推定) | age bracket, gender per person | deleted "
        "right after estimation, never stored | aggregate counts per time window (statistics)",
        "covered",
        rules=("DAT-001", "PUR-007"),
        tests=(
            _ATTR
            + "test_a_track_counts_once_when_it_ends_in_the_bracket_and_gender_its_reads_vote_for",
            _ATTR + "test_a_track_with_no_passing_read_counts_as_unknown_not_as_a_guess",
            _ATTR + "test_the_rows_of_a_window_do_not_grow_with_the_people_seen",
            "tests/runtime/test_attributes_run.py::"
            "test_a_run_of_case_one_leaves_tallies_only_and_no_face_anywhere",
        ),
    ),
    Statement(
        "GB4-02",
        "store, flow lines (動線) | per-visit trajectory, dwell, zone sequence | deleted at "
        "once | trajectories with a visit id that dies when the visitor leaves; aggregates",
        "covered",
        rules=("DAT-001", "CAS-014", "CAS-018"),
        tests=(
            "tests/cases/test_flow.py::test_visit_ids_are_random_uuid4_and_differ_across_visits_of_one_person",
            "tests/cases/test_flow.py::test_visit_timeout_ends_a_visit_the_tracker_keeps",
            "tests/cases/test_flow.py::test_window_statistics_and_heatmap_grid",
        ),
    ),
    Statement(
        "GB4-03",
        "store, repeat analysis (リピート分析) | face feature data (個人識別符号), visit and "
        "behaviour history (来店履歴・行動履歴) linked over a period | deleted right after "
        "feature extraction",
        "covered",
        rules=("DAT-001", "DAT-004"),
        notice=("web.face-data",),
        tests=(
            _REP + "test_later_reads_of_a_decided_track_are_not_even_held",
            _REP
            + "test_a_visitor_who_comes_back_another_day_is_a_repeat_visit_under_the_same_visitor_id",
            _REP + "test_each_window_states_the_visits_repeat_visits_and_new_visitors_of_the_store",
            "tests/runtime/test_repeat_run.py::test_privacam_run_runs_the_repeat_case_through_the_vault",
        ),
    ),
    Statement(
        "GB4-04",
        "features for a fixed period (about 1 year from first visit, configurable lower), "
        "then deleted or reduced to statistics",
        "covered",
        rules=("DAT-002", "DAT-006"),
        tests=(
            "tests/store/test_vault_expiry.py::test_purge_shreds_an_expired_template_and_folds_its_visits_into_statistics",
            "tests/store/test_vault_expiry.py::test_a_shortened_retention_expires_templates_enrolled_under_the_longer_one",
            "tests/store/test_vault_expiry.py::test_an_expired_template_is_not_matched_even_before_the_sweep",
        ),
    ),
    Statement(
        "GB4-05",
        "same operator's stores only",
        "covered",
        rules=("CAS-019", "CAS-022"),
        tests=(
            _MIN + "test_repeat_without_its_stores_listed_is_an_error",
            "tests/policy/test_repeat_rules.py::test_a_site_that_is_not_one_of_the_stores_is_an_error",
            _VAULT + "test_templates_of_stores_not_listed_are_never_matched",
            _VAULT + "test_enrolling_into_a_store_not_listed_is_refused",
        ),
    ),
    Statement(
        "GB4-06",
        "no third-party provision; no link to member data without consent",
        "covered",
        rules=("CAS-004", "HAN-003"),
    ),
    Statement(
        "GB4-07",
        "outdoor, shape counting (人数計測) | counts of people and vehicles by shape | deleted "
        "at once | counts (statistics)",
        "covered",
        rules=("DAT-001", "CAS-013"),
        tests=(
            "tests/cases/test_counting.py::test_crossings_per_direction_and_class",
            "tests/cases/test_counting_tud.py::test_tud_campus_crossings_per_line_and_direction",
            _NO_PIXELS,
        ),
    ),
    Statement(
        "GB4-08",
        "faces and licence plates masked before storage or any wider use",
        "covered",
        rules=("CAS-010",),
        tests=(_BATCH + "test_no_unmasked_pixel_is_written",),
    ),
    Statement(
        "GB4-09",
        "unmasked originals only briefly",
        "covered",
        rules=("CAS-012", "DAT-002", "DAT-003"),
        tests=(
            _BATCH + "test_quarantine_holds_originals_only_encrypted",
            "tests/store/test_quarantine.py::test_expired_entries_are_shredded",
            _MIN + "test_street_raw_images_kept_ten_years_is_an_error",
            "tests/runtime/test_anonymize_originals.py::test_anonymize_warns_that_originals_remain_without_delete_originals",
            "tests/runtime/test_anonymize_originals.py::test_the_summary_counts_the_originals_left_on_disk_per_folder",
        ),
    ),
    Statement(
        "GB4-10",
        "masked images, with capture time/place",
        "covered",
        rules=("CAS-011",),
        tests=("tests/cases/street/test_metadata.py::test_exif_stripped_and_gps_coarsened",),
    ),
    Statement(
        "GB4-11",
        "positions as icons on a map; moving/still counts; congestion level",
        "covered",
        rules=("CAS-005",),
        tests=(
            "tests/cases/test_crowd.py::test_moving_and_still_per_area",
            "tests/cases/test_crowd.py::test_icon_map_shows_the_latest_positions",
        ),
    ),
    Statement(
        "GB4-12",
        "distributed to the public as congestion information",
        "covered",
        rules=("HAN-004",),
        tests=(
            _CONG + "test_the_feed_gives_every_area_its_newest_window",
            _CONG + "test_a_small_count_is_shown_as_suppressed_never_its_value",
            _CONG + "test_the_feed_suppresses_exactly_as_export_published",
            _CONG + "test_a_deployment_that_publishes_no_congestion_has_no_feed",
            _CONG + "test_without_javascript_a_reload_shows_the_new_window",
        ),
        note="`privacam serve` publishes it: /congestion (a page that refreshes itself) and "
        "/api/v1/congestion (JSON), k-suppressed as `export --published` is.",
    ),
    Statement(
        "GB4-13",
        "icon map (latest one only, overwritten about every minute, VGA JPEG)",
        "covered",
        rules=("CAS-006",),
        tests=(
            "tests/cases/test_crowd.py::test_icon_map_is_one_vga_jpeg_overwritten_each_interval",
        ),
    ),
    Statement(
        "GB4-14",
        "no individual tracking",
        "covered",
        rules=("CAS-007",),
        tests=("tests/cases/test_crowd.py::test_records_carry_no_track_ids_and_memory_is_freed",),
    ),
    Statement(
        "GB4-15",
        "purpose announced before capture (security footage may not be reused commercially "
        "without consent)",
        "covered",
        rules=("CAS-008", "CAS-009"),
    ),
    Statement(
        "GB4-16",
        "Case ③ also needs a route for people who do not want to be analysed (opt-out / "
        "deletion by matching a face they submit)",
        "covered",
        rules=("CAS-001",),
        tests=(
            _VAULTR + "test_after_an_opt_out_by_photo_a_later_capture_of_that_person_is_excluded",
            _VAULTR + "test_an_opted_out_persons_later_visits_make_no_row_through_the_gallery",
            _VAULTR
            + "test_deletion_by_photo_removes_that_persons_templates_and_visits_and_is_audited",
        ),
    ),
    Statement(
        "GB4-17",
        "a match threshold that does not merge two people, and accuracy figures",
        "covered",
        rules=("CAS-020", "CAS-021"),
        tests=(
            _REPR + "test_check_warns_when_the_threshold_is_looser_than_the_measured_safe_one",
            _REPR + "test_check_states_the_gallery_size_limit_from_the_calibration",
            _REPR + "test_the_assessment_states_the_gallery_size_limit",
            "tests/runtime/test_repeat_visitors_faces.py::"
            "test_five_repeat_visitors_over_four_days_are_counted_and_never_merged",
        ),
        note="The figures are the embedder's measured calibration (policy/face_matching.py, "
        "from benchmarks/calibrate_faces.py); the repeat-visit test prints TAR and FAR.",
    ),
    Statement(
        "GB4-18",
        "state that face recognition is used",
        "covered",
        rules=("CAS-002",),
        notice=("sign.face_recognition",),
    ),
    Statement(
        "GB4-19",
        "keep the shortest necessary retention",
        "covered",
        rules=("DAT-005",),
    ),
    Statement(
        "GB4-20",
        "delete non-matching face data at once",
        "covered",
        rules=("CAS-003",),
        notice=("web.face-data",),
        tests=(
            _REP + "test_an_unmatched_face_is_discarded_at_once_while_enrolment_is_off",
            _REP + "test_a_read_whose_face_failed_the_gates_is_never_handed_to_the_gallery",
            _REPR + "test_asking_to_keep_unmatched_faces_is_refused_with_what_to_write_instead",
            "tests/policy/test_notice_face_handling.py::"
            "test_the_notice_says_unmatched_faces_are_deleted_at_once_when_enrolment_is_off",
        ),
    ),
    Statement(
        "GB4-21",
        "review entries periodically",
        "covered",
        tests=(
            "tests/runtime/test_journal.py::test_the_sweeper_runs_at_start_and_then_every_interval",
            "tests/store/test_vault_expiry.py::test_purge_shreds_an_expired_template_and_folds_its_visits_into_statistics",
            "tests/store/test_vault_commands.py::test_vault_status_shows_counts_dates_and_that_the_key_matches",
        ),
        note="Entries are reviewed by the clock: the run's periodic sweep and `privacam purge` "
        "shred every template past its retention, and `privacam vault status` shows what is "
        "held, the oldest entry and the next expiry.",
    ),
    # ------------------------------------------------------------------ §5 APPI
    Statement(
        "GB5-01",
        "**Disclosure (開示)**: in the form the person asks for, including electronic records.",
        "covered",
        rules=("NOT-005",),
        tests=(
            _VAULTR
            + "test_a_disclosure_export_for_one_person_has_all_their_visits_and_nothing_else",
            _PHOTO + "test_the_disclosure_letter_renders_as_html_and_pdf_in_both_languages",
            _PHOTO + "test_a_probe_that_matches_no_one_discloses_nothing_and_says_why",
        ),
    ),
    Statement(
        "GB5-02",
        "Short-term data (deleted within 6 months) is now 保有個人データ too: disclosure and "
        "stop-use apply to it.",
        "covered",
        tests=(
            _VAULTR
            + "test_a_disclosure_export_for_one_person_has_all_their_visits_and_nothing_else",
            _VAULTR
            + "test_deletion_by_photo_removes_that_persons_templates_and_visits_and_is_audited",
        ),
        note="case ③'s visits (kept 180 days) are disclosed and deleted with the rest",
    ),
    Statement(
        "GB5-03",
        "**Stop-use / deletion (利用停止・消去)**: when used beyond purpose, obtained "
        "improperly, used improperly, no longer needed, after a reportable leak, or when the "
        "person's rights may otherwise be harmed.",
        "covered",
        rules=("NOT-005",),
        tests=(
            _VAULTR
            + "test_deletion_by_photo_removes_that_persons_templates_and_visits_and_is_audited",
            _PHOTO + "test_an_ambiguous_deletion_deletes_no_one",
        ),
    ),
    Statement(
        "GB5-04",
        "**Improper use is prohibited (不適正利用の禁止)**.",
        "human_attested",
        rules=("ATT-003", "PUR-002", "PUR-006"),
        tests=(
            _ATT + "test_an_attestation_not_given_warns_and_a_signed_one_passes",
            _ATT + "test_an_attestation_without_an_approver_is_not_signed",
        ),
        fields=("signoff.attests_no_improper_use",),
    ),
    Statement(
        "GB5-05",
        "**Purpose specific enough** that a person can predict the handling.",
        "covered",
        rules=("PUR-001",),
        tests=(
            _PW + "test_vague_wording_anywhere_in_a_purpose_is_an_error",
            _PW + "test_an_output_naming_no_concrete_result_is_an_error",
        ),
    ),
    Statement(
        "GB5-06",
        "**Published items** include the security measures taken (安全管理措置), in four kinds "
        "(organisational, human, physical, technical) plus knowledge of foreign environments.",
        "covered",
        rules=("SEC-001", "HAN-006"),
        notice=("web.security",),
    ),
    Statement(
        "GB5-07",
        "**Leak reporting (漏えい等報告)**: report to the PPC and notify the people when a leak "
        "involves sensitive data, financial harm, a suspected wrongful purpose, or more than "
        "1,000 people",
        "covered",
        tests=(
            _INC + "test_1001_peoples_unencrypted_features_are_reportable_with_deadlines",
            _INC + "test_one_person_is_enough_for_the_other_grounds",
            _INCR + "test_the_notice_to_the_people_is_in_japanese_and_english",
        ),
    ),
    Statement(
        "GB5-08",
        "preliminary report within about 3–5 days of discovery, final report within 30 days "
        "(60 for a wrongful purpose)",
        "covered",
        tests=(
            _INC + "test_1001_peoples_unencrypted_features_are_reportable_with_deadlines",
            _INC + "test_a_wrongful_purpose_gives_the_final_report_60_days",
            _INC + "test_deadlines_count_days_in_the_deployments_time_zone",
        ),
        note="privacam uses day 3 for the preliminary report, the earliest reading",
    ),
    Statement(
        "GB5-09",
        "Data under strong encryption is exempt.",
        "covered",
        tests=(
            _INC + "test_the_same_incident_under_strong_encryption_is_exempt_with_the_reason",
            _INC + "test_encryption_whose_key_leaked_too_exempts_nothing",
        ),
    ),
    Statement(
        "GB5-10",
        "Report fields: summary, data items, number of people, cause, secondary damage, "
        "response to the people, publication, prevention of recurrence.",
        "covered",
        tests=(
            _INCR + "test_the_preliminary_report_has_the_nine_items_and_its_deadline",
            _INCR + "test_the_final_report_flags_the_items_still_open_until_they_are_filled",
        ),
    ),
    Statement(
        "GB5-11",
        "**Foreign third parties / cloud abroad**: name the country and its regime.",
        "covered",
        rules=("HAN-005", "HAN-006"),
        tests=(_T + "test_cloud_processing_names_countries_and_their_regimes",),
    ),
    # ------------------------------------------------------------------ §6 numbers
    Statement(
        "GB6-01",
        "raw images and crops (all cases but ⑤) | 0 s (memory only) | 0 s",
        "covered",
        rules=("DAT-001",),
        tests=(_NO_PIXELS,),
    ),
    Statement(
        "GB6-02",
        "③ face features | 180 days from first visit | 365 days from first visit",
        "covered",
        rules=("DAT-002",),
        tests=("tests/policy/test_checks.py::test_repeat_features_kept_400_days_is_an_error",),
    ),
    Statement(
        "GB6-03",
        "② per-visit trajectories | 90 days, then aggregates only | 365 days",
        "covered",
        rules=("DAT-002",),
        tests=(_RET + "test_expired_trajectories_are_aggregated_then_deleted",),
    ),
    Statement(
        "GB6-04",
        "⑤ unmasked originals (quarantine, if any) | 72 hours | 30 days (warning above 7)",
        "covered",
        rules=("DAT-002", "DAT-003", "CAS-012"),
        tests=(
            "tests/store/test_quarantine.py::test_retention_is_capped_at_the_ceiling",
            _MIN + "test_street_raw_images_kept_ten_days_is_warned",
        ),
    ),
    Statement(
        "GB6-05",
        "⑥ icon map | overwritten every 60 s, latest only | 60 s",
        "covered",
        rules=("CAS-006",),
        tests=(
            "tests/cases/test_crowd.py::test_icon_map_is_one_vga_jpeg_overwritten_each_interval",
        ),
    ),
    Statement(
        "GB6-06",
        "statistics (counts, tallies, congestion) | 3 years | operator's choice, stated in the "
        "notice",
        "covered",
        rules=("DAT-002",),
        notice=("web.retention",),
        tests=(_RET + "test_rules_follow_data_items_with_defaults_and_ceilings",),
    ),
    Statement(
        "GB6-07",
        "say so wherever a rule rests on policy rather than on the text",
        "covered",
        tests=(
            "tests/policy/test_checks.py::test_every_rule_cites_a_basis_that_exists",
            _CIT + "test_a_rule_resting_on_privacams_own_numbers_cites_privacam_policy",
        ),
    ),
    Statement(
        "GB6-08",
        "Cite APPI by the article numbers in force since April 2022",
        "covered",
        tests=(
            _CIT + "test_the_carried_article_list_is_guidebook_section_6s",
            _CIT + "test_every_appi_article_a_rule_cites_is_in_section_6s_list",
            _CIT + "test_articles_once_never_cited_are_cited",
        ),
    ),
)
