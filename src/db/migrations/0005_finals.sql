-- Final marks and the summary sheet [DOMAIN §6], [002 §7.2].
-- The finals screen reads one page's final marks and the summary sheet a class's (through its pages):
-- both go by page, which the unique key (led by student, for the diary) cannot serve.
CREATE INDEX final_marks_page_idx ON final_marks (school_id, page_id, kind);
