import type { Migration } from '../../../../platform/db/migrator.ts';

export const datastoreTables: Migration = {
  name: 'datastore_0001_tables',
  sql: `
create schema if not exists data;
-- One typed table per loaded resource; names come from the resource id's hash, never from input.
create schema if not exists datastore;

-- Trigram indexes make the folded search column fast for substring search. Where the extension
-- cannot be created (no privilege), the DataStore runs the same queries without that index.
do $$
begin
  create extension if not exists pg_trgm;
exception when others then
  raise notice 'pg_trgm unavailable: %', sqlerrm;
end $$;

-- Vietnamese-aware folding for q, the SQL twin of foldVietnamese (server/platform/text.ts): marks
-- removed, đ → d, lower case, whitespace as single spaces. One translate() over a table of the
-- letters with marks (U+00C0–U+024F, U+1E00–U+1EFF), A–Z and the whitespace characters; the combining
-- marks U+0300–U+036F, last in the first list, are deleted. The same function folds the stored text
-- and the query, so they always agree. Immutable: it computes a stored column and an index.
create function datastore.fold(text) returns text language sql immutable parallel safe strict as $fold$
  select case when strpos(folded, '  ') > 0 then regexp_replace(folded, ' {2,}', ' ', 'g') else folded end
  from translate($1,
    U&'ABCDEFGHIJKLMNOPQRSTUVWXYZ\\00A0ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞàáâãäåçèéêëìíîïñòóô'
      || U&'õöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦĨĩĪīĬĭĮįİĲĴĵĶķĹĺĻļĽľĿŁŃńŅņŇňŊŌōŎŏ'
      || U&'ŐőŒŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƁƂƄƆƇƉƊƋƎƏƐƑƓƔƖƗƘƜƝƟƠơƢƤƦƧƩƬƮƯưƱƲƳƵ'
      || U&'ƷƸƼǄǅǇǈǊǋǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǢǣǤǦǧǨǩǪǫǬǭǮǯǰǱǲǴǵǶǷǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖ'
      || U&'ȗȘșȚțȜȞȟȠȢȤȦȧȨȩȪȫȬȭȮȯȰȱȲȳȺȻȽȾɁɃɄɅɆɈɊɌɎḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩ'
      || U&'ḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹ'
      || U&'ṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẞẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọ'
      || U&'ỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹỺỼỾ\\2000\\2001\\2002\\2003\\2004\\2005'
      || U&'\\2006\\2007\\2008\\2009\\200A\\2028\\2029\\202F\\205F\\3000\\0009\\000A\\000B\\000C\\000D\\1680'
      || U&'\\FEFF\\0300\\0301\\0302\\0303\\0304\\0305\\0306\\0307\\0308\\0309\\030A\\030B\\030C\\030D\\030E'
      || U&'\\030F\\0310\\0311\\0312\\0313\\0314\\0315\\0316\\0317\\0318\\0319\\031A\\031B\\031C\\031D\\031E'
      || U&'\\031F\\0320\\0321\\0322\\0323\\0324\\0325\\0326\\0327\\0328\\0329\\032A\\032B\\032C\\032D\\032E'
      || U&'\\032F\\0330\\0331\\0332\\0333\\0334\\0335\\0336\\0337\\0338\\0339\\033A\\033B\\033C\\033D\\033E'
      || U&'\\033F\\0340\\0341\\0342\\0343\\0344\\0345\\0346\\0347\\0348\\0349\\034A\\034B\\034C\\034D\\034E'
      || U&'\\034F\\0350\\0351\\0352\\0353\\0354\\0355\\0356\\0357\\0358\\0359\\035A\\035B\\035C\\035D\\035E'
      || U&'\\035F\\0360\\0361\\0362\\0363\\0364\\0365\\0366\\0367\\0368\\0369\\036A\\036B\\036C\\036D\\036E'
      || U&'\\036F',
    U&'abcdefghijklmnopqrstuvwxyz\\0020aaaaaaæceeeeiiiiðnoooooøuuuuyþaaaaaaceeeeiiiinooo'
      || U&'oouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhħiiiiiiiiiĳjjkkllllllŀłnnnnnnŋoooo'
      || U&'ooœrrrrrrssssssssttttŧuuuuuuuuuuuuwwyyyzzzzzz\\0253ƃƅ\\0254ƈ\\0256\\0257ƌǝ\\0259\\025B'
      || U&'ƒ\\0260\\0263\\0269\\0268ƙ\\026F\\0272\\0275ooƣƥ\\0280ƨ\\0283ƭ\\0288uu\\028A\\028Bƴƶ\\0292ƹƽǆ'
      || U&'ǆǉǉǌǌaaiioouuuuuuuuuuaaaaææǥggkkoooo\\0292\\0292jǳǳggƕƿnnaaææøøaaaaeeeeiiiioooorrr'
      || U&'ruuuussttȝhhƞȣȥaaeeooooooooyy\\2C65ȼƚ\\2C66ɂƀ\\0289\\028Cɇɉɋɍɏaabbbbbbccddddddddddee'
      || U&'eeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssss'
      || U&'ssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyſßaaaaaaaaaaaaaaaaaaaaaaaaee'
      || U&'eeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyyỻỽỿ\\0020\\0020'
      || U&'\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020\\0020'
      || U&'\\0020\\0020\\0020\\0020\\0020') as folded
$fold$;

-- The live table of each resource: swapped atomically when a new load is whole.
create table data.datastore_tables (
  resource_id text primary key,
  table_name text not null unique,
  schema jsonb not null,
  columns jsonb not null,
  indexed_fields jsonb not null default '[]'::jsonb,
  rows bigint not null,
  bytes bigint not null,
  loaded_at timestamptz not null default now()
);

-- The latest load of each resource, seen by every instance (progress and report).
create table data.datastore_loads (
  resource_id text primary key,
  state text not null check (state in ('queued', 'loading', 'done', 'failed')),
  rows bigint not null default 0,
  bytes bigint not null default 0,
  report jsonb,
  error jsonb,
  -- The table being filled, dropped again if the load fails or its process died.
  fresh_table text,
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
`,
};
