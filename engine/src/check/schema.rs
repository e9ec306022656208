//! The `form` block -> the schema: fields, their types and labels, and a
//! record for every list, within the limits on fields, options and nesting.

use super::Checker;
use super::Set;
use crate::diagnostics::Code;
use crate::program::{humanise, FieldDef, FieldId, FieldTy, Named, RecordDef, RecordId};
use crate::syntax::ast::{self, FormItem};

impl Checker<'_> {
    pub(super) fn form_items(&mut self, items: &[FormItem], record: RecordId) {
        for item in items {
            let (name, label) = match item {
                FormItem::Field { name, label, .. } | FormItem::List { name, label, .. } => (name, label),
            };
            if self.record_field(record, &name.name).is_some() {
                self.err(
                    Code::E108,
                    name.span,
                    format!("The field `{}` is declared twice", name.name),
                    Some("Give each field its own name.".into()),
                );
                continue;
            }
            let id = self.schema.fields.len();
            if id >= crate::limits::MAX_FIELDS {
                self.err(
                    Code::E006,
                    name.span,
                    format!("A form can have at most {} fields", crate::limits::MAX_FIELDS),
                    Some("Split the rule set into smaller files.".into()),
                );
                return;
            }
            let slot = self.schema.records[record].fields.len();
            let ty = match item {
                FormItem::Field { ty, .. } => match ty {
                    ast::FieldType::YesNo => FieldTy::YesNo,
                    ast::FieldType::Number => FieldTy::Number,
                    ast::FieldType::Text => FieldTy::Text,
                    ast::FieldType::Date => FieldTy::Date,
                    ast::FieldType::OneOf(o) => FieldTy::OneOf(self.options(o, id)),
                    ast::FieldType::SeveralOf(o) => FieldTy::SeveralOf(self.options(o, id)),
                },
                FormItem::List { item, .. } => {
                    if self.schema.records.iter().any(|r| r.item == item.name) {
                        self.err(
                            Code::E108,
                            item.span,
                            format!("Another list already calls its items `{}`", item.name),
                            Some("Give each list's items their own name.".into()),
                        );
                    }
                    FieldTy::List(self.schema.records.len())
                }
            };
            if let FormItem::Field { not_screened: Some(_), .. } = item {
                self.unscreened_fields.insert(id);
            }
            self.schema.fields.push(FieldDef {
                name: name.name.clone(),
                label: label.value.clone(),
                ty,
                record,
                slot,
                span: name.span,
                screened: false,
                read_in: 0,
            });
            self.schema.records[record].fields.push(id);
            if let FormItem::List { item, item_label, fields, .. } = item {
                if self.list_depth(record) >= crate::limits::MAX_LIST_NESTING {
                    self.err(
                        Code::E006,
                        name.span,
                        format!("Lists can sit inside other lists at most {} deep", crate::limits::MAX_LIST_NESTING),
                        Some("Keep lists shallow: a child's missing episodes is two lists deep.".into()),
                    );
                    continue;
                }
                let r = self.schema.records.len();
                self.schema.records.push(RecordDef {
                    item: item.name.clone(),
                    item_label: item_label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&item.name)),
                    list_field: Some(id),
                    fields: vec![],
                });
                self.form_items(fields, r);
            }
        }
    }

    /// How many lists contain this record.
    fn list_depth(&self, mut record: RecordId) -> usize {
        let mut depth = 0;
        while let Some(f) = self.schema.records[record].list_field {
            depth += 1;
            record = self.schema.fields[f].record;
        }
        depth
    }

    fn options(&mut self, opts: &[ast::OptionDecl], field: FieldId) -> Vec<Named> {
        let mut seen = Set::default();
        let mut out = Vec::new();
        for o in opts {
            if self.dup(&mut seen, &o.id, "option") {
                self.option_spans.insert((field, out.len()), o.id.span);
                if o.not_screened.is_some() {
                    self.unscreened_options.insert((field, out.len()));
                }
                out.push(Named {
                    id: o.id.name.clone(),
                    label: o.label.as_ref().map(|l| l.value.clone()).unwrap_or_else(|| humanise(&o.id.name)),
                });
            }
        }
        if out.len() > 64 {
            self.err(
                Code::E006,
                opts[64].id.span,
                "A field can have at most 64 options",
                Some("Split the options into two fields.".into()),
            );
            out.truncate(64);
        }
        out
    }

    pub(super) fn root_field(&self, name: &str) -> Option<FieldId> {
        self.record_field(0, name)
    }

    pub(super) fn record_field(&self, record: RecordId, name: &str) -> Option<FieldId> {
        self.schema.records.get(record)?.fields.iter().copied().find(|&f| self.schema.fields[f].name == name)
    }
}
