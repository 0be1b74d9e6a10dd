//! Building `syn` trees directly.
//!
//! Emission builds the tree prettyplease prints instead of writing tokens that `syn` would
//! have to parse back: parsing a module's tokens cost about three times printing it. The
//! builders here make the trees `syn` would have parsed from the same source, so the printed
//! text is the same. Attribute arguments and macro bodies stay token streams (that is how
//! `syn` keeps them too).

use proc_macro2::{Literal, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{
    AttrStyle, Attribute, Block, Expr, Field, FnArg, GenericArgument, Ident, ImplItem, Item, Lit,
    LitStr, Member, Meta, Pat, Path, PathArguments, PathSegment, ReturnType, Stmt, Type,
    Visibility,
};

/// An identifier from a name the naming module produced.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A path written as in Rust source: `::std::option::Option`, `crate::runtime::Checks`,
/// `Self::Unknown`, `value`. No generic arguments (see [`generic`]).
pub fn path(text: &str) -> Path {
    let (leading_colon, rest) = match text.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, text),
    };
    // Split on single colons (a byte search) rather than on "::" (a substring search): a path
    // is built for nearly every node, and no segment is empty.
    Path {
        leading_colon,
        segments: rest
            .split(':')
            .filter(|s| !s.is_empty())
            .map(|s| PathSegment::from(ident(s)))
            .collect(),
    }
}

/// `prefix::name`, for a generated name under a fixed path (`errors::CreateError`).
pub fn path_to(prefix: &str, name: &str) -> Path {
    let mut p = path(prefix);
    p.segments.push(PathSegment::from(ident(name)));
    p
}

/// Appends `args` as angle-bracketed generic arguments to the last segment of `p`.
pub fn with_args(mut p: Path, args: impl IntoIterator<Item = Type>) -> Path {
    if let Some(last) = p.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    p
}

/// The type at a path.
pub fn path_type(p: Path) -> Type {
    Type::Path(syn::TypePath {
        qself: None,
        path: p,
    })
}

/// The type written `text` (a path without generic arguments).
pub fn ty(text: &str) -> Type {
    path_type(path(text))
}

/// `base<args..>`.
pub fn generic(base: &str, args: impl IntoIterator<Item = Type>) -> Type {
    path_type(with_args(path(base), args))
}

/// `&elem`.
pub fn ref_type(elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(elem),
    })
}

/// `&mut elem`.
pub fn ref_mut_type(elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: Some(Default::default()),
        elem: Box::new(elem),
    })
}

/// `&'static elem`.
pub fn static_ref_type(elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: Some(syn::Lifetime::new("'static", Span::call_site())),
        mutability: None,
        elem: Box::new(elem),
    })
}

/// `[elem]`.
pub fn slice_type(elem: Type) -> Type {
    Type::Slice(syn::TypeSlice {
        bracket_token: Default::default(),
        elem: Box::new(elem),
    })
}

/// `fn(inputs..) -> output`.
pub fn fn_pointer(inputs: impl IntoIterator<Item = Type>, output: Type) -> Type {
    Type::BareFn(syn::TypeBareFn {
        lifetimes: None,
        unsafety: None,
        abi: None,
        fn_token: Default::default(),
        paren_token: Default::default(),
        inputs: inputs
            .into_iter()
            .map(|ty| syn::BareFnArg {
                attrs: Vec::new(),
                name: None,
                ty,
            })
            .collect(),
        variadic: None,
        output: ReturnType::Type(Default::default(), Box::new(output)),
    })
}

/// `()`.
pub fn unit_type() -> Type {
    Type::Tuple(syn::TypeTuple {
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `impl bound`.
fn impl_type(bound: Path) -> Type {
    Type::ImplTrait(syn::TypeImplTrait {
        impl_token: Default::default(),
        bounds: std::iter::once(trait_bound(bound)).collect(),
    })
}

fn trait_bound(p: Path) -> syn::TypeParamBound {
    syn::TypeParamBound::Trait(syn::TraitBound {
        paren_token: None,
        modifier: syn::TraitBoundModifier::None,
        lifetimes: None,
        path: p,
    })
}

/// `impl ::std::convert::Into<target>`.
pub fn impl_into(target: Type) -> Type {
    impl_type(with_args(path("::std::convert::Into"), [target]))
}

/// `#[doc = text]`, or `#![doc = text]` when `inner`.
///
/// Control characters other than tab are written escaped (`\r`, `\u{0}`): a doc comment
/// cannot hold a bare carriage return, and names and descriptions from a spec can.
pub fn doc(text: &str, inner: bool) -> Attribute {
    let text = crate::format::without_controls(text);
    Attribute {
        pound_token: Default::default(),
        style: if inner {
            AttrStyle::Inner(Default::default())
        } else {
            AttrStyle::Outer
        },
        bracket_token: Default::default(),
        meta: Meta::NameValue(syn::MetaNameValue {
            path: path("doc"),
            eq_token: Default::default(),
            value: lit_str(&text),
        }),
    }
}

/// `attr` as an inner attribute (`#![..]`).
pub fn inner(mut attr: Attribute) -> Attribute {
    attr.style = AttrStyle::Inner(Default::default());
    attr
}

/// `#[name]`.
pub fn attr_word(name: &str) -> Attribute {
    outer(Meta::Path(path(name)))
}

/// `#[name(tokens)]`; the arguments stay tokens, as `syn` keeps them.
pub fn attr_list(name: &str, tokens: TokenStream) -> Attribute {
    outer(Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

fn outer(meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `pub`.
fn public() -> Visibility {
    Visibility::Public(Default::default())
}

/// `pub` when `public_`, else nothing.
fn visibility(public_: bool) -> Visibility {
    if public_ {
        public()
    } else {
        Visibility::Inherited
    }
}

/// A string literal expression.
pub fn lit_str(text: &str) -> Expr {
    lit(Lit::Str(LitStr::new(text, Span::call_site())))
}

/// A literal expression.
fn lit(lit: Lit) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// A literal expression from a `proc_macro2` literal (`Literal::u64_suffixed(5)` is `5u64`).
pub fn lit_of(literal: Literal) -> Expr {
    lit(Lit::new(literal))
}

/// `true` or `false`.
pub fn lit_bool(value: bool) -> Expr {
    lit(Lit::Bool(syn::LitBool::new(value, Span::call_site())))
}

/// The expression at a path: `value`, `Self::Unknown`, `::std::option::Option::None`.
pub fn expr_path(text: &str) -> Expr {
    expr_of_path(path(text))
}

/// The expression at an already built path.
pub fn expr_of_path(p: Path) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: p,
    })
}

/// `func(args..)`.
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `path(args..)`.
pub fn call_path(func: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    call(expr_path(func), args)
}

/// `receiver.name(args..)`.
pub fn method(receiver: Expr, name: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(name),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `base.name`.
pub fn field(base: Expr, name: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: Member::Named(ident(name)),
    })
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `*expr`.
pub fn deref(expr: Expr) -> Expr {
    Expr::Unary(syn::ExprUnary {
        attrs: Vec::new(),
        op: syn::UnOp::Deref(Default::default()),
        expr: Box::new(expr),
    })
}

/// `place = value`
pub fn assign(place: Expr, value: Expr) -> Expr {
    Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(place),
        eq_token: Default::default(),
        right: Box::new(value),
    })
}

/// `expr?`.
pub fn try_(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `expr.await`.
pub fn await_(expr: Expr) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(expr),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `|a, b, ..| body`.
pub fn closure_of(inputs: &[&str], body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        constness: None,
        movability: None,
        asyncness: None,
        capture: None,
        or1_token: Default::default(),
        inputs: inputs.iter().map(|i| pat_ident(i)).collect(),
        or2_token: Default::default(),
        output: ReturnType::Default,
        body: Box::new(body),
    })
}

/// `&mut expr`.
pub fn reference_mut(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: Some(Default::default()),
        expr: Box::new(expr),
    })
}

/// `|input| body`.
pub fn closure(input: &str, body: Expr) -> Expr {
    closure_of(&[input], body)
}

/// `name::<args..>` as an expression.
pub fn turbofish(name: &str, args: impl IntoIterator<Item = Type>) -> Expr {
    let mut p = with_args(path(name), args);
    if let Some(PathArguments::AngleBracketed(generic_args)) =
        p.segments.last_mut().map(|s| &mut s.arguments)
    {
        generic_args.colon2_token = Some(Default::default());
    }
    expr_of_path(p)
}

/// `return expr`.
pub fn return_(expr: Expr) -> Expr {
    Expr::Return(syn::ExprReturn {
        attrs: Vec::new(),
        return_token: Default::default(),
        expr: Some(Box::new(expr)),
    })
}

/// `path!(tokens)` as an expression; the body stays tokens.
pub fn macro_call(name: &str, tokens: TokenStream) -> Expr {
    Expr::Macro(syn::ExprMacro {
        attrs: Vec::new(),
        mac: mac(name, tokens),
    })
}

fn mac(name: &str, tokens: TokenStream) -> syn::Macro {
    syn::Macro {
        path: path(name),
        bang_token: Default::default(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }
}

/// `path!(tokens);` as an item.
pub fn macro_item(name: &str, tokens: TokenStream) -> Item {
    Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: mac(name, tokens),
        semi_token: Some(Default::default()),
    })
}

/// `(elems..)`.
pub fn tuple(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `[elems..]`.
pub fn array(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `path { name: value, .. }`; a field whose value is the path of its own name is written
/// shorthand, as in `Self { core }`.
pub fn struct_expr(p: &str, fields: impl IntoIterator<Item = (Ident, Expr)>) -> Expr {
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(p),
        brace_token: Default::default(),
        fields: fields
            .into_iter()
            .map(|(name, expr)| {
                let shorthand = matches!(&expr, Expr::Path(p) if p.path.is_ident(&name));
                syn::FieldValue {
                    attrs: Vec::new(),
                    member: Member::Named(name),
                    colon_token: (!shorthand).then(Default::default),
                    expr,
                }
            })
            .collect(),
        dot2_token: None,
        rest: None,
    })
}

/// A block expression `{ stmts.. }`.
pub fn block_expr(stmts: Vec<Stmt>) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: block(stmts),
    })
}

/// `{ stmts.. }`.
pub fn block(stmts: Vec<Stmt>) -> Block {
    Block {
        brace_token: Default::default(),
        stmts,
    }
}

/// `if let pat = expr { then.. }`.
pub fn if_let(pat: Pat, expr: Expr, then: Vec<Stmt>) -> Expr {
    Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(Expr::Let(syn::ExprLet {
            attrs: Vec::new(),
            let_token: Default::default(),
            pat: Box::new(pat),
            eq_token: Default::default(),
            expr: Box::new(expr),
        })),
        then_branch: block(then),
        else_branch: None,
    })
}

/// `for pat in expr { body.. }`.
pub fn for_loop(pat: Pat, expr: Expr, body: Vec<Stmt>) -> Expr {
    Expr::ForLoop(syn::ExprForLoop {
        attrs: Vec::new(),
        label: None,
        for_token: Default::default(),
        pat: Box::new(pat),
        in_token: Default::default(),
        expr: Box::new(expr),
        body: block(body),
    })
}

/// `match expr { arms.. }`.
pub fn match_expr(expr: Expr, arms: Vec<syn::Arm>) -> Expr {
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(expr),
        brace_token: Default::default(),
        arms,
    })
}

/// `pat => body,` (a block body has no comma, as usually written).
pub fn arm(pat: Pat, body: Expr) -> syn::Arm {
    let comma = (!matches!(body, Expr::Block(_))).then(Default::default);
    syn::Arm {
        attrs: Vec::new(),
        pat,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma,
    }
}

/// `expr;`.
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `expr` as a statement without a semicolon: a block-like statement or the tail expression.
pub fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `let name = init;`, or `let mut name = init;`.
pub fn let_(name: &str, mutable: bool, init: Expr) -> Stmt {
    let_pat(
        Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: mutable.then(Default::default),
            ident: ident(name),
            subpat: None,
        }),
        None,
        init,
    )
}

/// `let pat: ty = init;`.
pub fn let_pat(pat: Pat, ty: Option<Type>, init: Expr) -> Stmt {
    let pat = match ty {
        Some(ty) => Pat::Type(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(pat),
            colon_token: Default::default(),
            ty: Box::new(ty),
        }),
        None => pat,
    };
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// The pattern binding `name`.
pub fn pat_ident(name: &str) -> Pat {
    Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: ident(name),
        subpat: None,
    })
}

/// The pattern binding `name` mutably (`mut name`).
pub fn pat_ident_mut(name: &str) -> Pat {
    let mut pat = pat_ident(name);
    if let Pat::Ident(p) = &mut pat {
        p.mutability = Some(Default::default());
    }
    pat
}

/// `(names..)` as a pattern.
pub fn pat_tuple(names: &[&str]) -> Pat {
    Pat::Tuple(syn::PatTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: names.iter().map(|n| pat_ident(n)).collect(),
    })
}

/// `_`.
pub fn pat_wild() -> Pat {
    Pat::Wild(syn::PatWild {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    })
}

/// `path(elems..)` as a pattern.
pub fn pat_tuple_struct(p: &str, elems: impl IntoIterator<Item = Pat>) -> Pat {
    Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(p),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `Some(inner)` through its full path.
pub fn pat_some(inner: Pat) -> Pat {
    pat_tuple_struct("::std::option::Option::Some", [inner])
}

/// A literal pattern.
pub fn pat_lit(literal: Literal) -> Pat {
    Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::new(literal),
    })
}

/// A string literal pattern.
pub fn pat_str(text: &str) -> Pat {
    Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(text, Span::call_site())),
    })
}

/// `lo..=hi` as a pattern.
pub fn pat_range(lo: Expr, hi: Expr) -> Pat {
    Pat::Range(syn::ExprRange {
        attrs: Vec::new(),
        start: Some(Box::new(lo)),
        limits: syn::RangeLimits::Closed(Default::default()),
        end: Some(Box::new(hi)),
    })
}

/// `a | b | ..`.
pub fn pat_or(cases: impl IntoIterator<Item = Pat>) -> Pat {
    let mut cases: Vec<Pat> = cases.into_iter().collect();
    if cases.len() == 1 {
        if let Some(only) = cases.pop() {
            return only;
        }
    }
    Pat::Or(syn::PatOr {
        attrs: Vec::new(),
        leading_vert: None,
        cases: cases.into_iter().collect(),
    })
}

/// A named field `pub name: ty` with its attributes.
pub fn named_field(attrs: Vec<Attribute>, name: Ident, ty: Type) -> Field {
    Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// A private named field `name: ty`.
pub fn private_field(name: &str, ty: Type) -> Field {
    Field {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `pub struct name { fields.. }`.
pub fn struct_item(attrs: Vec<Attribute>, name: Ident, fields: Vec<Field>) -> Item {
    Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}

/// `pub struct name(ty);`, its one field private.
pub fn newtype_item(attrs: Vec<Attribute>, name: Ident, ty: Type) -> Item {
    let field = Field {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        mutability: syn::FieldMutability::None,
        ident: None,
        colon_token: None,
        ty,
    };
    Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: [field].into_iter().collect(),
        }),
        semi_token: Some(Default::default()),
    })
}

/// An enum variant: `name`, or `name(ty)`.
pub fn variant(attrs: Vec<Attribute>, name: Ident, ty: Option<Type>) -> syn::Variant {
    let fields = match ty {
        None => syn::Fields::Unit,
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(Field {
                attrs: Vec::new(),
                vis: Visibility::Inherited,
                mutability: syn::FieldMutability::None,
                ident: None,
                colon_token: None,
                ty,
            })
            .collect(),
        }),
    };
    syn::Variant {
        attrs,
        ident: name,
        fields,
        discriminant: None,
    }
}

/// `pub enum name { variants.. }`.
pub fn enum_item(attrs: Vec<Attribute>, name: Ident, variants: Vec<syn::Variant>) -> Item {
    Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: Default::default(),
        ident: name,
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    })
}

/// `impl trait_ for self_ty { items.. }`, or an inherent `impl self_ty { .. }`.
pub fn impl_item(trait_: Option<Path>, self_ty: Type, items: Vec<ImplItem>) -> Item {
    impl_generic(Default::default(), trait_, self_ty, items)
}

/// [`impl_item`] with generics (`impl<'de> ..`).
pub fn impl_generic(
    generics: syn::Generics,
    trait_: Option<Path>,
    self_ty: Type,
    items: Vec<ImplItem>,
) -> Item {
    Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics,
        trait_: trait_.map(|t| (None, t, Default::default())),
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
}

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// `&self`.
    Borrowed,
    /// `self`.
    Owned,
    /// `mut self`.
    OwnedMut,
}

/// A function signature: `receiver` (if any) comes before `args`; `output` `None` returns
/// nothing.
pub struct Sig {
    /// The function's name.
    pub name: Ident,
    /// `async fn`.
    pub is_async: bool,
    /// How the function takes `self`, if it does.
    pub receiver: Option<Receiver>,
    /// Named arguments.
    pub args: Vec<(Ident, Type)>,
    /// The return type.
    pub output: Option<Type>,
    /// Generic parameters (`<D: ..>`).
    pub generics: syn::Generics,
}

impl Sig {
    /// `fn name()` with nothing else.
    pub fn new(name: &str) -> Self {
        Self {
            name: ident(name),
            is_async: false,
            receiver: None,
            args: Vec::new(),
            output: None,
            generics: Default::default(),
        }
    }

    fn build(self) -> syn::Signature {
        let mut inputs: Punctuated<FnArg, syn::Token![,]> = Punctuated::new();
        if let Some(receiver) = self.receiver {
            let by_ref = receiver == Receiver::Borrowed;
            let self_ty = ty("Self");
            inputs.push(FnArg::Receiver(syn::Receiver {
                attrs: Vec::new(),
                reference: by_ref.then(|| (Default::default(), None)),
                mutability: (receiver == Receiver::OwnedMut).then(Default::default),
                self_token: Default::default(),
                colon_token: None,
                ty: Box::new(if by_ref { ref_type(self_ty) } else { self_ty }),
            }));
        }
        for (name, ty) in self.args {
            inputs.push(FnArg::Typed(syn::PatType {
                attrs: Vec::new(),
                pat: Box::new(Pat::Ident(syn::PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: name,
                    subpat: None,
                })),
                colon_token: Default::default(),
                ty: Box::new(ty),
            }));
        }
        syn::Signature {
            constness: None,
            asyncness: self.is_async.then(Default::default),
            unsafety: None,
            abi: None,
            fn_token: Default::default(),
            ident: self.name,
            generics: self.generics,
            paren_token: Default::default(),
            inputs,
            variadic: None,
            output: match self.output {
                Some(ty) => ReturnType::Type(Default::default(), Box::new(ty)),
                None => ReturnType::Default,
            },
        }
    }
}

/// A method (or associated function) in an `impl` block; `public` adds `pub`.
pub fn impl_fn(attrs: Vec<Attribute>, public_: bool, sig: Sig, body: Vec<Stmt>) -> ImplItem {
    ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: visibility(public_),
        defaultness: None,
        sig: sig.build(),
        block: block(body),
    })
}

/// A free function `pub fn ..` (an item).
pub fn fn_item(attrs: Vec<Attribute>, sig: Sig, body: Vec<Stmt>) -> Item {
    Item::Fn(syn::ItemFn {
        attrs,
        vis: public(),
        sig: sig.build(),
        block: Box::new(block(body)),
    })
}

/// `const name: ty = expr;` as an item; `public` adds `pub`.
pub fn const_item(attrs: Vec<Attribute>, public_: bool, name: Ident, ty: Type, expr: Expr) -> Item {
    Item::Const(syn::ItemConst {
        attrs,
        vis: visibility(public_),
        const_token: Default::default(),
        ident: name,
        generics: Default::default(),
        colon_token: Default::default(),
        ty: Box::new(ty),
        eq_token: Default::default(),
        expr: Box::new(expr),
        semi_token: Default::default(),
    })
}

/// `const name: ty = expr;` in an `impl` block.
pub fn impl_const(name: &str, ty: Type, expr: Expr) -> ImplItem {
    ImplItem::Const(syn::ImplItemConst {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        defaultness: None,
        const_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr,
        semi_token: Default::default(),
    })
}

/// `pub type name = ty;`.
pub fn type_item(attrs: Vec<Attribute>, name: Ident, ty: Type) -> Item {
    Item::Type(syn::ItemType {
        attrs,
        vis: public(),
        type_token: Default::default(),
        ident: name,
        generics: Default::default(),
        eq_token: Default::default(),
        ty: Box::new(ty),
        semi_token: Default::default(),
    })
}

/// `/// doc` and `pub mod name { items.. }`.
pub fn mod_item(doc_text: &str, name: &str, items: Vec<Item>) -> Item {
    Item::Mod(syn::ItemMod {
        attrs: vec![doc(doc_text, false)],
        vis: public(),
        unsafety: None,
        mod_token: Default::default(),
        ident: ident(name),
        content: Some((Default::default(), items)),
        semi: None,
    })
}

/// `attrs #[rustfmt::skip] pub mod name;`: a module declared here and defined in its own file,
/// which `cargo fmt` leaves as generated.
pub fn skipped_mod(mut attrs: Vec<Attribute>, name: &str) -> Item {
    attrs.push(attr_word("rustfmt::skip"));
    file_mod(attrs, name)
}

/// `pub mod name;`, with its attributes.
pub fn file_mod(attrs: Vec<Attribute>, name: &str) -> Item {
    Item::Mod(syn::ItemMod {
        attrs,
        vis: public(),
        unsafety: None,
        mod_token: Default::default(),
        ident: ident(name),
        content: None,
        semi: Some(Default::default()),
    })
}

/// `pub use self::module::*;`.
pub fn use_glob(module: &str) -> Item {
    let glob = syn::UseTree::Glob(syn::UseGlob {
        star_token: Default::default(),
    });
    let inner = syn::UseTree::Path(syn::UsePath {
        ident: ident(module),
        colon2_token: Default::default(),
        tree: Box::new(glob),
    });
    Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: public(),
        use_token: Default::default(),
        leading_colon: None,
        tree: syn::UseTree::Path(syn::UsePath {
            ident: ident("self"),
            colon2_token: Default::default(),
            tree: Box::new(inner),
        }),
        semi_token: Default::default(),
    })
}

/// `pub use a::b::c;`, for a path of at least one segment.
pub fn pub_use_path(text: &str) -> Item {
    let mut segments = text.rsplit("::");
    let last = segments.next().unwrap_or(text);
    let mut tree = syn::UseTree::Name(syn::UseName { ident: ident(last) });
    for segment in segments {
        tree = syn::UseTree::Path(syn::UsePath {
            ident: ident(segment),
            colon2_token: Default::default(),
            tree: Box::new(tree),
        });
    }
    Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: public(),
        use_token: Default::default(),
        leading_colon: None,
        tree,
        semi_token: Default::default(),
    })
}

/// `pub use module::{a, b};`
pub fn pub_use_names(module: &str, names: &[&str]) -> Item {
    let group = syn::UseTree::Group(syn::UseGroup {
        brace_token: Default::default(),
        items: names
            .iter()
            .map(|n| syn::UseTree::Name(syn::UseName { ident: ident(n) }))
            .collect(),
    });
    Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: public(),
        use_token: Default::default(),
        leading_colon: None,
        tree: syn::UseTree::Path(syn::UsePath {
            ident: ident(module),
            colon2_token: Default::default(),
            tree: Box::new(group),
        }),
        semi_token: Default::default(),
    })
}

/// `use path as alias;` as a statement.
pub fn use_as(p: &str, alias: &str) -> Stmt {
    let mut segments: Vec<&str> = p.split("::").collect();
    let last = segments.pop().unwrap_or_default();
    let mut tree = syn::UseTree::Rename(syn::UseRename {
        ident: ident(last),
        as_token: Default::default(),
        rename: ident(alias),
    });
    for segment in segments.into_iter().rev() {
        tree = syn::UseTree::Path(syn::UsePath {
            ident: ident(segment),
            colon2_token: Default::default(),
            tree: Box::new(tree),
        });
    }
    Stmt::Item(Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        use_token: Default::default(),
        leading_colon: None,
        tree,
        semi_token: Default::default(),
    }))
}

/// `<ty as trait_path>::name`, as an expression.
pub fn qualified(self_ty: Type, trait_path: &str, name: &str) -> Expr {
    let mut p = path(trait_path);
    let position = p.segments.len();
    p.segments.push(PathSegment::from(ident(name)));
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: Some(syn::QSelf {
            lt_token: Default::default(),
            ty: Box::new(self_ty),
            position,
            as_token: Some(Default::default()),
            gt_token: Default::default(),
        }),
        path: p,
    })
}

/// A lifetime such as `'de`.
fn lifetime(name: &str) -> syn::Lifetime {
    syn::Lifetime::new(name, Span::call_site())
}

/// `base<'lifetime>` as a path.
pub fn with_lifetime(base: &str, name: &str) -> Path {
    let mut p = path(base);
    if let Some(last) = p.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: std::iter::once(GenericArgument::Lifetime(lifetime(name))).collect(),
            gt_token: Default::default(),
        });
    }
    p
}

/// `impl bound<args..> + 'lifetime` as a type.
pub fn impl_with_lifetime(
    bound: &str,
    args: impl IntoIterator<Item = Type>,
    lifetime_name: &str,
) -> Type {
    let mut out = impl_type(with_args(path(bound), args));
    if let Type::ImplTrait(t) = &mut out {
        t.bounds
            .push(syn::TypeParamBound::Lifetime(lifetime(lifetime_name)));
    }
    out
}

/// `<'name>`.
pub fn lifetime_generics(name: &str) -> syn::Generics {
    generics(syn::GenericParam::Lifetime(syn::LifetimeParam {
        attrs: Vec::new(),
        lifetime: lifetime(name),
        colon_token: None,
        bounds: Punctuated::new(),
    }))
}

/// `<name: bound>`.
pub fn bounded_generics(name: &str, bound: Path) -> syn::Generics {
    generics(syn::GenericParam::Type(syn::TypeParam {
        attrs: Vec::new(),
        ident: ident(name),
        colon_token: Some(Default::default()),
        bounds: std::iter::once(trait_bound(bound)).collect(),
        eq_token: None,
        default: None,
    }))
}

/// `<name> where name: bounds[0] + bounds[1] ..`.
pub fn where_generics(name: &str, bounds: &[&str]) -> syn::Generics {
    let mut out = generics(syn::GenericParam::Type(syn::TypeParam::from(ident(name))));
    out.where_clause = Some(syn::WhereClause {
        where_token: Default::default(),
        predicates: std::iter::once(syn::WherePredicate::Type(syn::PredicateType {
            lifetimes: None,
            bounded_ty: ty(name),
            colon_token: Default::default(),
            bounds: bounds.iter().map(|b| trait_bound(path(b))).collect(),
        }))
        .collect(),
    });
    out
}

fn generics(param: syn::GenericParam) -> syn::Generics {
    syn::Generics {
        lt_token: Some(Default::default()),
        params: std::iter::once(param).collect(),
        gt_token: Some(Default::default()),
        where_clause: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A doc comment with control characters from a spec (a schema named `"\0\r"`) prints as
    /// Rust that lexes, with the characters written out.
    #[test]
    fn control_characters_in_docs_are_escaped() {
        let item = struct_item(
            vec![doc(
                " Generated from `#/components/schemas/\0\r`.\tok",
                false,
            )],
            ident("A"),
            Vec::new(),
        );
        let text = crate::format::print_items(Vec::new(), vec![item]);
        assert!(syn::parse_file(&text).is_ok(), "{text}");
        assert!(text.contains(r"schemas/\u{0}\r`.	ok"), "{text}");
        assert!(matches!(
            crate::format::without_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
