#include "dns_message.hpp"

#include <ldns/ldns.h>

#include <cstdlib>
#include <memory>

namespace smokeping::probes {

namespace {

struct PacketDeleter {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using Packet = std::unique_ptr<ldns_pkt, PacketDeleter>;

struct CharDeleter {
  void operator()(char* p) const { std::free(p); }
};

std::string take_string(char* text) {
  std::unique_ptr<char, CharDeleter> owner(text);
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::variant<DnsQuery, DnsQueryError> make_dns_query(const std::string& name,
                                                     const std::string& type, bool recursion) {
  ldns_rr_type rr_type = ldns_get_rr_type_by_name(type.c_str());
  if (rr_type == 0) return DnsQueryError{"unknown record type '" + type + "'"};
  ldns_pkt* raw = nullptr;
  ldns_status status = ldns_pkt_query_new_frm_str(&raw, name.c_str(), rr_type, LDNS_RR_CLASS_IN,
                                                  recursion ? LDNS_RD : 0);
  if (status != LDNS_STATUS_OK) {
    return DnsQueryError{"cannot query '" + name + "': " + ldns_get_errorstr_by_id(status)};
  }
  Packet packet(raw);
  ldns_pkt_set_random_id(packet.get());
  std::uint8_t* wire = nullptr;
  std::size_t size = 0;
  status = ldns_pkt2wire(&wire, packet.get(), &size);
  if (status != LDNS_STATUS_OK) {
    return DnsQueryError{"cannot query '" + name + "': " + ldns_get_errorstr_by_id(status)};
  }
  DnsQuery query{std::vector<std::uint8_t>(wire, wire + size), ldns_pkt_id(packet.get())};
  std::free(wire);
  return query;
}

std::optional<DnsAnswer> parse_dns_answer(std::span<const std::uint8_t> wire) {
  ldns_pkt* raw = nullptr;
  if (ldns_wire2pkt(&raw, wire.data(), wire.size()) != LDNS_STATUS_OK) return std::nullopt;
  Packet packet(raw);
  DnsAnswer answer;
  answer.id = ldns_pkt_id(packet.get());
  int rcode = ldns_pkt_get_rcode(packet.get());
  ldns_lookup_table* name = ldns_lookup_by_id(ldns_rcodes, rcode);
  answer.rcode = name ? name->name : "RCODE" + std::to_string(rcode);
  answer.answers = ldns_pkt_ancount(packet.get());
  answer.authoritative = ldns_pkt_aa(packet.get());
  answer.truncated = ldns_pkt_tc(packet.get());
  const ldns_rr_list* records = ldns_pkt_answer(packet.get());
  for (std::size_t i = 0; records && i < ldns_rr_list_rr_count(records); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(records, i);
    answer.records.push_back(take_string(ldns_rr2str(rr)));
    ldns_rr_type type = ldns_rr_get_type(rr);
    if ((type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA) && ldns_rr_rd_count(rr) > 0) {
      answer.addresses.push_back(take_string(ldns_rdf2str(ldns_rr_rdf(rr, 0))));
    }
  }
  return answer;
}

}  // namespace smokeping::probes
